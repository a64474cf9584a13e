import { z } from "zod";

/** Body of `POST /sms/{serviceName}/transferCredits`. */
export const TransferCreditsSchema = z.strictObject({
  smsAccountTarget: z.string(),
  credits: z.number(),
});
export type TransferCredits = z.infer<typeof TransferCreditsSchema>;
