import { z } from "zod";

/** `sms.Receiver`: a contact list stored in one of the account's (or a user's) slots. */
export const ReceiverSchema = z.object({
  autoUpdate: z.boolean(),
  canAutoUpdate: z.boolean(),
  datetime: z.string(),
  description: z.string(),
  records: z.number().int(),
  slotId: z.number().int(),
});
export type Receiver = z.infer<typeof ReceiverSchema>;

/** Body of `POST …/receivers`: the list comes from `csvUrl` or from an uploaded `documentId`. */
export const ReceiverCreateSchema = z.strictObject({
  autoUpdate: z.boolean(),
  description: z.string(),
  slotId: z.number().int(),
  csvUrl: z.string().optional(),
  documentId: z.string().optional(),
});
export type ReceiverCreate = z.infer<typeof ReceiverCreateSchema>;

/** Body of `PUT …/receivers/{slotId}`. */
export const ReceiverUpdateSchema = z.strictObject({
  autoUpdate: z.boolean().optional(),
  description: z.string().optional(),
});
export type ReceiverUpdate = z.infer<typeof ReceiverUpdateSchema>;
