import { z } from "zod";
import { badRequest, conflict } from "../errors";
import type { Sender, SenderStatus, Service } from "./model";
import { asObject, dropNulls, parseBody, writablePart } from "./validate";

// Senders: created "waitingValidation", then a moderator (the control API) enables or refuses them.

const SENDER = /^[\w\s\-.,&+]{1,11}$/;
const PHONE_LIKE = /^\+?\d+$/;

export function senderView(s: Sender): Record<string, unknown> {
  return {
    comment: s.comment,
    description: s.description,
    referer: s.referer,
    sender: s.sender,
    status: s.status,
    type: s.type,
    validationMedia: null,
  };
}

export function listSenders(service: Service): string[] {
  return [...service.senders.keys()].sort();
}

const createBody = z.strictObject({
  sender: z.string(),
  description: z.string().optional(),
  reason: z.string().optional(),
});

/** Returns the created sender's name: OVH answers a JSON string whose content is not documented. */
export function createSender(service: Service, body: unknown): string {
  const spec = parseBody(createBody, dropNulls(asObject(body, "senders")), "senders");
  checkSenderName(spec.sender);
  if (spec.description !== undefined) checkDescription(spec.description);
  if (spec.reason === undefined || spec.reason.trim() === "") throw badRequest("Please provide a reason");
  if (spec.reason.length > 250) throw badRequest("Invalid reason: at most 250 characters");
  if (service.senders.has(spec.sender))
    throw conflict(`The sender ${spec.sender} already exists on ${service.serviceName}`);
  service.senders.set(spec.sender, {
    sender: spec.sender,
    description: spec.description ?? "",
    status: "waitingValidation",
    comment: null,
    reason: spec.reason,
    referer: "custom",
    type: "alpha",
  });
  return spec.sender;
}

export function checkSenderName(sender: string): void {
  if (!SENDER.test(sender)) {
    throw badRequest(
      `Invalid sender "${sender}": 1 to 11 characters among letters, digits, spaces and - . , & + _`,
    );
  }
  if (PHONE_LIKE.test(sender)) throw badRequest(`Invalid sender "${sender}": a sender cannot be only digits`);
}

function checkDescription(description: string): void {
  if (description.length > 40) throw badRequest("Invalid description: at most 40 characters");
}

const updateBody = z.strictObject({
  description: z.string().optional(),
  status: z.enum(["disable", "enable", "refused", "waitingValidation"]).optional(),
});

/** PUT: description, and status toggled between enable and disable once OVH has validated the sender. */
export function updateSender(s: Sender, body: unknown): void {
  const ro = ["comment", "referer", "sender", "type", "validationMedia"];
  const raw = writablePart(
    asObject(body, "sms.Sender"),
    senderView(s),
    ro,
    ["description", "status"],
    "sms.Sender",
  );
  const patch = parseBody(updateBody, raw, "sms.Sender");
  if (patch.description !== undefined) checkDescription(patch.description);
  const status = patch.status;
  if (status !== undefined && status !== s.status) {
    if (s.status === "waitingValidation" || s.status === "refused") {
      throw badRequest(
        `The sender ${s.sender} is ${s.status}: its status can change only after OVH validated it`,
      );
    }
    if (status !== "enable" && status !== "disable") {
      throw badRequest(`Invalid status ${status}: a validated sender can only be set to enable or disable`);
    }
  }
  if (patch.description !== undefined) s.description = patch.description;
  if (status !== undefined) s.status = status;
}

/** What OVH's moderators do: accept (enable) or refuse a waiting sender, with an optional comment. */
export function moderateSender(s: Sender, status: SenderStatus, comment?: string): void {
  if (status !== "enable" && status !== "refused")
    throw badRequest("Moderation status must be enable or refused");
  s.status = status;
  s.comment = comment ?? null;
}
