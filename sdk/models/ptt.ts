import { z } from "zod";
import { PttDurationTypeEnum } from "./enums";

/** `sms.PttDetails`: meaning of a PTT (delivery status) code. */
export const PttDetailsSchema = z.object({
  comment: z.string(),
  description: z.string(),
  duration: PttDurationTypeEnum,
});
export type PttDetails = z.infer<typeof PttDetailsSchema>;
