import { z } from "zod";
import { RefererSenderEnum, StatusSenderEnum, TypeSenderEnum } from "./enums";

/** `sms.Sender`: a sender name or number, moderated by OVH before it can be used. */
export const SenderSchema = z.object({
  comment: z.string().nullable(),
  description: z.string(),
  referer: RefererSenderEnum,
  sender: z.string(),
  status: StatusSenderEnum,
  type: TypeSenderEnum.nullable(),
  validationMedia: z.string().nullable(),
});
export type Sender = z.infer<typeof SenderSchema>;

/** Body of `POST /sms/{serviceName}/senders`; `reason` is the text the moderator reads. */
export const SenderCreateSchema = z.strictObject({
  sender: z.string(),
  description: z.string().optional(),
  reason: z.string().optional(),
});
export type SenderCreate = z.infer<typeof SenderCreateSchema>;

/** Body of `PUT /sms/{serviceName}/senders/{sender}`. */
export const SenderUpdateSchema = z.strictObject({
  description: z.string().optional(),
  status: StatusSenderEnum.optional(),
});
export type SenderUpdate = z.infer<typeof SenderUpdateSchema>;
