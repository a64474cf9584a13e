import { z } from "zod";

/** `complexType.SafeKeyValue<string>` as used for document tags. */
export const DocumentTagSchema = z.object({ key: z.string(), value: z.string() });
export type DocumentTag = z.infer<typeof DocumentTagSchema>;

/** `nichandle.document.Document` (`/me/document`): a file slot; upload the bytes to `putUrl`. */
export const DocumentSchema = z.object({
  creationDate: z.string(),
  expirationDate: z.string().nullable(),
  getUrl: z.string(),
  id: z.string(),
  name: z.string(),
  putUrl: z.string(),
  size: z.number().int(),
  tags: z.array(DocumentTagSchema),
  validationDate: z.string().nullable(),
});
export type Document = z.infer<typeof DocumentSchema>;

/** Body of `POST /me/document`. */
export const DocumentCreateSchema = z.strictObject({
  name: z.string(),
  tags: z.array(z.strictObject({ key: z.string(), value: z.string() })).optional(),
});
export type DocumentCreate = z.infer<typeof DocumentCreateSchema>;
