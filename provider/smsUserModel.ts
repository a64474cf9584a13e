/**
 * SmsUser's inputs, outputs and the pure mapping between them and OVH's sms.User: what differs, what
 * to PUT, what to report. No I/O here; provider/smsUser.ts does the API calls.
 */
import { z } from "zod";
import type { User, UserUpdate } from "../sdk";
import {
  e164Schema,
  emailSchema,
  httpUrlSchema,
  ipv4Schema,
  pathSegmentSchema,
  serviceNameSchema,
} from "./inputs";
import { secretInputsSchema, withoutSecrets } from "./secretInputs";

const alertSchema = z
  .strictObject({
    threshold: z.number().int("must be a whole number of credits").min(1, "must be at least 1"),
    via: z.enum(["email", "sms", "both"]),
    email: emailSchema.optional(),
    phoneNumber: e164Schema.optional(),
  })
  .superRefine((alert, ctx) => {
    // A target the channel does not use is not stored by OVH: it would show as drift forever.
    if (alert.via === "sms" && alert.email !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["email"],
        message: 'is only used when via is "email" or "both"',
      });
    if (alert.via === "email" && alert.phoneNumber !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["phoneNumber"],
        message: 'is only used when via is "sms" or "both"',
      });
    if (alert.via !== "sms" && !alert.email)
      ctx.addIssue({ code: "custom", path: ["email"], message: `is required when via is "${alert.via}"` });
    if (alert.via !== "email" && !alert.phoneNumber)
      ctx.addIssue({
        code: "custom",
        path: ["phoneNumber"],
        message: `is required when via is "${alert.via}"`,
      });
  });

const quotaSchema = z.strictObject({
  credits: z.number().int("must be a whole number of credits").min(0, "must be 0 or more"),
  topUp: z
    .union([z.boolean(), z.string().min(1)], {
      error:
        'must be true (refill on every up), false, or a label such as "2026-11" (refill when it changes)',
    })
    .optional(),
});

export const smsUserInputsSchema = z.strictObject({
  serviceName: serviceNameSchema,
  login: pathSegmentSchema(/^[A-Za-z0-9._-]{1,40}$/, "must be 1 to 40 letters, digits, '.', '_' or '-'"),
  password: z.string().regex(/^[A-Za-z0-9]{8}$/, "must be exactly 8 letters or digits"),
  callbackUrl: httpUrlSchema.nullish(),
  stopCallbackUrl: httpUrlSchema.nullish(),
  ipRestrictions: z
    .array(ipv4Schema)
    .max(5, "accepts at most 5 IPv4 addresses")
    .refine((ips) => new Set(ips).size === ips.length, "must not list an address twice")
    .optional(),
  quota: quotaSchema.nullish(),
  alert: alertSchema.nullish(),
  adopt: z.boolean().optional(),
  secretInputs: secretInputsSchema,
});

export type SmsUserInputs = z.infer<typeof smsUserInputsSchema>;

/**
 * The password is not an output: the engine stores it (encrypted) with the inputs, and any output would also
 * be printed in plain text in the Pulumi SDK's debug log of the registration.
 */
export interface SmsUserOutputs {
  serviceName: string;
  login: string;
  callbackUrl: string | null;
  stopCallbackUrl: string | null;
  ipRestrictions: string[];
  quota: { credits: number; topUp?: boolean | string } | null;
  /** Credits the user can still send from its quota (falls as SMS are sent; never repaired). */
  quotaLeft: number;
  alert: { threshold: number; via: "email" | "sms" | "both"; email?: string; phoneNumber?: string } | null;
  adopt: boolean;
  /** Inputs the program made secret: absent from these outputs (see provider/secretInputs.ts). */
  secretInputs?: string[];
}

const viaToSupport = { email: "mail", sms: "sms", both: "both" } as const;
const supportToVia = { mail: "email", sms: "sms", both: "both" } as const;

export function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function liveAlert(user: User): SmsUserOutputs["alert"] {
  const info = user.alertThresholdInformations;
  if (info.alertThreshold === -1) return null;
  const via = supportToVia[info.support];
  return {
    threshold: info.alertThreshold,
    via,
    ...(via !== "sms" && info.alertEmail ? { email: info.alertEmail } : {}),
    ...(via !== "email" && info.alertNumber ? { phoneNumber: info.alertNumber } : {}),
  };
}

function sameAlert(desired: SmsUserInputs["alert"], user: User): boolean {
  const current = liveAlert(user);
  if (!desired || !current) return !desired && !current;
  return (
    desired.threshold === current.threshold &&
    desired.via === current.via &&
    (desired.email ?? undefined) === current.email &&
    (desired.phoneNumber ?? undefined) === current.phoneNumber
  );
}

/**
 * The PUT body that brings the live user to the desired state: only fields that differ.
 * Quota consumption is not drift: a quota is re-applied (refilled to `credits`) only when its configured
 * credits change, when it was raised or deactivated out of band, or when a top-up is asked for.
 */
export function userChanges(
  desired: SmsUserInputs,
  user: User,
  previous?: { quota?: SmsUserOutputs["quota"] | undefined },
): UserUpdate {
  const body: UserUpdate = {};
  if (user.password !== desired.password) body.password = desired.password;
  if (emptyToNull(user.callBack) !== emptyToNull(desired.callbackUrl))
    body.callBack = desired.callbackUrl ?? "";
  if (emptyToNull(user.stopCallBack) !== emptyToNull(desired.stopCallbackUrl))
    body.stopCallBack = desired.stopCallbackUrl ?? "";
  if (!sameSet(user.ipRestrictions, desired.ipRestrictions ?? []))
    body.ipRestrictions = desired.ipRestrictions ?? [];

  const quota = user.quotaInformations;
  const want = desired.quota;
  if (!want) {
    if (quota.quotaStatus === "active") body.quotaInformations = { quotaLeft: 0, quotaStatus: "inactive" };
  } else {
    const reapply =
      quota.quotaStatus !== "active" ||
      quota.quotaLeft > want.credits ||
      previous?.quota?.credits !== want.credits ||
      (want.topUp === true && quota.quotaLeft < want.credits) ||
      (typeof want.topUp === "string" && previous?.quota?.topUp !== want.topUp);
    if (reapply) body.quotaInformations = { quotaLeft: want.credits, quotaStatus: "active" };
  }

  if (!sameAlert(desired.alert, user)) {
    const alert = desired.alert;
    body.alertThresholdInformations = alert
      ? {
          alertThreshold: alert.threshold,
          support: viaToSupport[alert.via],
          alertEmail: alert.email ?? "",
          alertNumber: alert.phoneNumber ?? "",
        }
      : { ...user.alertThresholdInformations, alertThreshold: -1 };
  }
  return body;
}

export function toOutputs(desired: SmsUserInputs, user: User): SmsUserOutputs {
  const active = user.quotaInformations.quotaStatus === "active";
  const outputs: SmsUserOutputs = {
    serviceName: desired.serviceName,
    login: user.login,
    callbackUrl: emptyToNull(user.callBack),
    stopCallbackUrl: emptyToNull(user.stopCallBack),
    ipRestrictions: [...user.ipRestrictions].sort(),
    quota: active
      ? { credits: desired.quota?.credits ?? user.quotaInformations.quotaLeft, ...topUpOf(desired) }
      : null,
    quotaLeft: active ? user.quotaInformations.quotaLeft : 0,
    alert: liveAlert(user),
    adopt: desired.adopt ?? false,
    ...(desired.secretInputs ? { secretInputs: desired.secretInputs } : {}),
  };
  // The quota's credits tell a change from consumption in later diffs: kept even when made secret.
  return withoutSecrets(outputs, desired.secretInputs, ["quota"]);
}

function topUpOf(desired: SmsUserInputs): { topUp?: boolean | string } {
  return desired.quota?.topUp === undefined ? {} : { topUp: desired.quota.topUp };
}

/** Credits an active quota holds from the account. */
export function heldBy(user: User | undefined): number {
  return user?.quotaInformations.quotaStatus === "active" ? user.quotaInformations.quotaLeft : 0;
}

/** What OVH answers for a user right after POST /users (the defaults of the sms.User model). */
export function newUserDefaults(inputs: SmsUserInputs): User {
  return {
    login: inputs.login,
    password: inputs.password,
    callBack: null,
    stopCallBack: null,
    ipRestrictions: [],
    quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
    alertThresholdInformations: { alertThreshold: -1, support: "mail", alertEmail: "", alertNumber: "" },
  };
}

/** The state a successful PUT of `body` leaves the user in: used when reading it back fails. */
export function applyUpdate(user: User, body: UserUpdate): User {
  return {
    ...user,
    ...(body.password !== undefined ? { password: body.password } : {}),
    ...(body.callBack !== undefined ? { callBack: body.callBack } : {}),
    ...(body.stopCallBack !== undefined ? { stopCallBack: body.stopCallBack } : {}),
    ...(body.ipRestrictions !== undefined ? { ipRestrictions: body.ipRestrictions } : {}),
    ...(body.quotaInformations !== undefined ? { quotaInformations: body.quotaInformations } : {}),
    ...(body.alertThresholdInformations !== undefined
      ? { alertThresholdInformations: body.alertThresholdInformations }
      : {}),
  };
}

/** Input names of the sms.User fields a PUT changes, for messages. */
export const inputNames: Record<keyof UserUpdate, keyof SmsUserInputs> = {
  password: "password",
  callBack: "callbackUrl",
  stopCallBack: "stopCallbackUrl",
  ipRestrictions: "ipRestrictions",
  quotaInformations: "quota",
  alertThresholdInformations: "alert",
};
