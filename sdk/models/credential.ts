import { z } from "zod";

/** `auth.AccessRule`: a method and a path pattern, `*` matching any run of characters. */
export const AccessRuleSchema = z.object({
  method: z.enum(["GET", "POST", "PUT", "DELETE", "PATCH"]),
  path: z.string(),
});
export type AccessRule = z.infer<typeof AccessRuleSchema>;

/** `api.Credential` as `GET /auth/currentCredential` answers it: the consumer key's own rules. */
export const CurrentCredentialSchema = z.object({
  allowedIPs: z.array(z.string()).nullable().optional(),
  applicationId: z.number(),
  creation: z.string(),
  credentialId: z.number(),
  expiration: z.string().nullable().optional(),
  lastUse: z.string().nullable().optional(),
  ovhSupport: z.boolean(),
  rules: z.array(AccessRuleSchema),
  status: z.enum(["expired", "pendingValidation", "refused", "validated"]),
});
export type CurrentCredential = z.infer<typeof CurrentCredentialSchema>;
