import { badRequest, objectNotFound } from "../errors";

// Main PTT (delivery status) codes as listed in OVH's SMS users guide (ovh/docs, "Różne kody ptt" table).
// The short descriptions and the duration classification are the emulator's own reading of those texts.
type Duration = "indeterminated" | "permanent" | "temporary";
const PTTS: Record<number, [string, Duration, string]> = {
  1: [
    "Retrying (phone)",
    "temporary",
    "The message has not yet been delivered due to a phone related problem but is being retried",
  ],
  2: [
    "Retrying (operator)",
    "temporary",
    "The message has not yet been delivered due to an operator related problem but is being retried within the network",
  ],
  3: ["Accepted by operator", "temporary", "The message has been accepted by the operator"],
  4: ["Delivered", "permanent", "The message was delivered"],
  5: [
    "Undelivered",
    "permanent",
    "The message has been confirmed as undelivered but no detailed information related to the failure is known",
  ],
  6: [
    "Unknown status",
    "indeterminated",
    "Cannot determine whether this message has been delivered or has failed due to lack of final delivery state information from the operator",
  ],
  8: ["Expired", "permanent", "The message expired within the operator SMSC without a reason for failure"],
  20: ["Undeliverable", "permanent", "The message in its current form is undeliverable"],
  21: [
    "Insufficient credit",
    "permanent",
    "The message expired and the last failure reason is related to the subscriber's credit",
  ],
  23: [
    "Invalid number",
    "permanent",
    "Undeliverable due to an incorrect, invalid, blacklisted or permanently barred MSISDN for this operator",
  ],
  24: [
    "Subscriber absent",
    "temporary",
    "The subscriber is temporarily absent (phone switched off or not located on the network)",
  ],
  25: ["Network error", "temporary", "Failed due to a temporary condition in the operator network"],
  26: [
    "Phone error",
    "temporary",
    "Failed due to a temporary phone related error (SIM card full, memory exceeded...)",
  ],
  27: [
    "Incompatible handset",
    "permanent",
    "The handset is permanently incompatible or unable to receive this type of message",
  ],
  28: ["Spam suspected", "permanent", "Failed or rejected due to suspicion of spam on the operator network"],
  29: [
    "Content not permitted",
    "permanent",
    "This specific content is not permitted on the network or shortcode",
  ],
  33: [
    "Parental lock",
    "permanent",
    "The subscriber cannot receive adult content because of a parental lock",
  ],
  39: ["Operator failure", "indeterminated", "New operator failure"],
  73: ["Ported number unreachable", "permanent", "Failed due to the ported combinations being unreachable"],
  74: ["Roaming", "temporary", "Failed due to the MSISDN being roaming"],
  76: [
    "Ported number blocked",
    "permanent",
    "Failed due to the ported combinations being blocked for the client",
  ],
  202: [
    "Blocked for client",
    "permanent",
    "Failed due to the ported combinations being blocked for the client; contact support",
  ],
};

export function pttDetails(raw: string | null): Record<string, unknown> {
  if (raw === null) throw badRequest("Missing parameter ptt");
  if (!/^-?\d+$/.test(raw)) throw badRequest(`Invalid parameter ptt "${raw}": an integer is expected`);
  const entry = PTTS[Number(raw)];
  if (!entry) throw objectNotFound("ptt", raw);
  const [description, duration, comment] = entry;
  return { comment, description, duration };
}
