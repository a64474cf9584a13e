import { z } from "zod";

// Enumerations of OVH's /sms schema (sms.json, March 2023), same names without the `sms.` prefix.

/** `sms.PackQuantityAutomaticRecreditEnum` (a `long`): amounts an automatic recredit can buy. */
export const PackQuantityAutomaticRecreditEnum = z.literal([100, 200, 250, 500, 1000, 5000, 10000]);
export type PackQuantityAutomaticRecredit = z.infer<typeof PackQuantityAutomaticRecreditEnum>;

export const ChannelEnum = z.enum(["both", "marketing", "transactional"]);
export type Channel = z.infer<typeof ChannelEnum>;

export const StatusAccountEnum = z.enum(["disable", "enable"]);
export type StatusAccount = z.infer<typeof StatusAccountEnum>;

export const ResponseTypeEnum = z.enum(["cgi", "none", "text"]);
export type ResponseType = z.infer<typeof ResponseTypeEnum>;

export const ResponseTrackingMediaEnum = z.enum(["email", "sms", "voice"]);
export type ResponseTrackingMedia = z.infer<typeof ResponseTrackingMediaEnum>;

export const QuotaStatusUserEnum = z.enum(["active", "inactive"]);
export type QuotaStatusUser = z.infer<typeof QuotaStatusUserEnum>;

export const SupportEnum = z.enum(["both", "mail", "sms"]);
export type Support = z.infer<typeof SupportEnum>;

export const RefererSenderEnum = z.enum(["custom", "domain", "line", "nic", "owner", "virtual"]);
export type RefererSender = z.infer<typeof RefererSenderEnum>;

export const StatusSenderEnum = z.enum(["disable", "enable", "refused", "waitingValidation"]);
export type StatusSender = z.infer<typeof StatusSenderEnum>;

export const TypeSenderEnum = z.enum(["alpha", "numeric", "shortcode", "virtual"]);
export type TypeSender = z.infer<typeof TypeSenderEnum>;

export const PttDurationTypeEnum = z.enum(["indeterminated", "permanent", "temporary"]);
export type PttDurationType = z.infer<typeof PttDurationTypeEnum>;
