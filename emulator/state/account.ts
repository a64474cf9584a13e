import { z } from "zod";
import { badRequest } from "../errors";
import { creditsHoldByQuota, userQuantityWithQuota } from "./credits";
import type { Service, SmsResponse, Templates } from "./model";
import { asObject, callbackUrl, HTTP_URL, parseBody, writablePart } from "./validate";

// sms.Account: GET view and PUT rules. Writable vs read-only fields follow OVH's schema (sms.json, 2023-03).

const READ_ONLY = [
  "channel",
  "creditsHoldByQuota",
  "creditsLeft",
  "name",
  "smpp",
  "status",
  "userQuantityWithQuota",
];
const WRITABLE = [
  "automaticRecreditAmount",
  "callBack",
  "creditThresholdForAutomaticRecredit",
  "description",
  "smsResponse",
  "stopCallBack",
  "templates",
];
export const RECREDIT_AMOUNTS = [100, 200, 250, 500, 1000, 5000, 10000] as const;

export function accountView(s: Service): Record<string, unknown> {
  return {
    automaticRecreditAmount: s.automaticRecreditAmount,
    callBack: s.callBack,
    channel: s.channel,
    creditThresholdForAutomaticRecredit: s.creditThresholdForAutomaticRecredit,
    creditsHoldByQuota: creditsHoldByQuota(s),
    creditsLeft: s.creditsLeft,
    description: s.description,
    name: s.serviceName,
    smpp: s.smpp,
    smsResponse: structuredClone(s.smsResponse),
    status: s.status,
    stopCallBack: s.stopCallBack,
    templates: { ...s.templates },
    userQuantityWithQuota: userQuantityWithQuota(s),
  };
}

const nullableString = z.string().nullable();
const trackingOption = z.strictObject({
  media: z.enum(["email", "sms", "voice"]),
  sender: z.string(),
  target: z.string(),
});
// Nested objects may be partial (the control panel sends only the fields of one form): they merge shallowly.
const smsResponsePatch = z.strictObject({
  cgiUrl: nullableString.optional(),
  responseType: z.enum(["cgi", "none", "text"]).optional(),
  text: nullableString.optional(),
  trackingDefaultSmsSender: nullableString.optional(),
  trackingOptions: z.array(trackingOption).nullable().optional(),
});
const templatesPatch = z.strictObject({
  customizedEmailMode: z.boolean().optional(),
  customizedSmsMode: z.boolean().optional(),
  emailBody: nullableString.optional(),
  emailFrom: nullableString.optional(),
  emailSubject: nullableString.optional(),
  smsBody: nullableString.optional(),
});
const accountPatch = z.strictObject({
  automaticRecreditAmount: z.number().nullable().optional(),
  callBack: nullableString.optional(),
  creditThresholdForAutomaticRecredit: z.number().optional(),
  description: z.string().optional(),
  smsResponse: smsResponsePatch.optional(),
  stopCallBack: nullableString.optional(),
  templates: templatesPatch.optional(),
});

export function updateAccount(s: Service, body: unknown): void {
  const raw = writablePart(asObject(body, "sms.Account"), accountView(s), READ_ONLY, WRITABLE, "sms.Account");
  const patch = parseBody(accountPatch, raw, "sms.Account");
  // Validate everything before changing anything, so a refused PUT leaves the account untouched.
  const amount = patch.automaticRecreditAmount;
  if (amount !== undefined && amount !== null && !(RECREDIT_AMOUNTS as readonly number[]).includes(amount)) {
    throw badRequest(
      `Invalid automaticRecreditAmount ${amount}: allowed values are ${RECREDIT_AMOUNTS.join(", ")} or null`,
    );
  }
  const threshold = patch.creditThresholdForAutomaticRecredit;
  if (threshold !== undefined && (!Number.isFinite(threshold) || threshold < 0)) {
    throw badRequest(`Invalid creditThresholdForAutomaticRecredit ${threshold}: must be 0 or more`);
  }
  if (patch.description !== undefined && patch.description.length > 255) {
    throw badRequest("Invalid description: at most 255 characters");
  }
  const callBack = patch.callBack === undefined ? s.callBack : callbackUrl(patch.callBack, "callBack");
  const stopCallBack =
    patch.stopCallBack === undefined ? s.stopCallBack : callbackUrl(patch.stopCallBack, "stopCallBack");
  const smsResponse = patch.smsResponse ? mergeSmsResponse(s.smsResponse, patch.smsResponse) : s.smsResponse;
  const templates = patch.templates ? mergeTemplates(s.templates, patch.templates) : s.templates;

  if (amount !== undefined) s.automaticRecreditAmount = amount;
  if (threshold !== undefined) s.creditThresholdForAutomaticRecredit = threshold;
  if (patch.description !== undefined) s.description = patch.description;
  s.callBack = callBack;
  s.stopCallBack = stopCallBack;
  s.smsResponse = smsResponse;
  s.templates = templates;
}

function mergeSmsResponse(current: SmsResponse, patch: z.output<typeof smsResponsePatch>): SmsResponse {
  const merged: SmsResponse = { ...current };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) Object.assign(merged, { [k]: v });
  if (merged.cgiUrl !== null && merged.cgiUrl !== "" && !HTTP_URL.test(merged.cgiUrl)) {
    throw badRequest(`Invalid smsResponse.cgiUrl: "${merged.cgiUrl}" is not an http:// or https:// URL`);
  }
  if (merged.responseType === "cgi" && !merged.cgiUrl) {
    throw badRequest("Invalid smsResponse: responseType cgi needs a cgiUrl");
  }
  if (merged.text !== null && merged.text.length > 255) {
    throw badRequest("Invalid smsResponse.text: at most 255 characters");
  }
  for (const [i, option] of (merged.trackingOptions ?? []).entries()) {
    if (option.media === "email" && !(EMAIL.test(option.sender) && EMAIL.test(option.target))) {
      throw badRequest(
        `Invalid smsResponse.trackingOptions.${i}: e-mail tracking needs e-mail sender and target`,
      );
    }
    // The control panel's pattern `^(\+|0{2}?)\d+$`: `0{2}?` is a lazy {2}, so + or 00 is required.
    if (option.media === "sms" && !/^(\+|00)\d+$/.test(option.target)) {
      throw badRequest(
        `Invalid smsResponse.trackingOptions.${i}.target: "${option.target}" is not an international phone number (+ or 00, then digits)`,
      );
    }
  }
  return merged;
}

function mergeTemplates(current: Templates, patch: z.output<typeof templatesPatch>): Templates {
  const merged: Templates = { ...current };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) Object.assign(merged, { [k]: v });
  if (merged.smsBody !== null && merged.smsBody.length > 70) {
    throw badRequest("Invalid templates.smsBody: at most 70 characters");
  }
  if (merged.emailFrom !== null && merged.emailFrom !== "" && !EMAIL.test(merged.emailFrom)) {
    throw badRequest(`Invalid templates.emailFrom: "${merged.emailFrom}" is not an e-mail address`);
  }
  return merged;
}

export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
