import { z } from "zod";
import { QuotaStatusUserEnum, SupportEnum } from "./enums";

/** `sms.Quota`: credits reserved for a user (taken from the account's credits while active). */
export const QuotaSchema = z.object({
  quotaLeft: z.number(),
  quotaStatus: QuotaStatusUserEnum,
});
export type Quota = z.infer<typeof QuotaSchema>;

/** `sms.AlertThreshold`: alert sent when the user's quota falls below `alertThreshold` (-1 = off). */
export const AlertThresholdSchema = z.object({
  alertEmail: z.string(),
  alertNumber: z.string(),
  alertThreshold: z.number().int(),
  support: SupportEnum,
});
export type AlertThreshold = z.infer<typeof AlertThresholdSchema>;

/** `sms.User` as returned by `GET /sms/{serviceName}/users/{login}` (the password is included: a secret). */
export const UserSchema = z.object({
  alertThresholdInformations: AlertThresholdSchema,
  callBack: z.string().nullable(),
  ipRestrictions: z.array(z.string()),
  login: z.string(),
  password: z.string(),
  quotaInformations: QuotaSchema,
  stopCallBack: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

/** Body of `POST /sms/{serviceName}/users`. */
export const UserCreateSchema = z.strictObject({
  login: z.string(),
  password: z.string(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

/**
 * Body of `PUT /sms/{serviceName}/users/{login}`: writable fields, each optional; nested objects
 * are sent whole, as the control panel does.
 */
export const UserUpdateSchema = z.strictObject({
  alertThresholdInformations: z
    .strictObject({
      alertEmail: z.string(),
      alertNumber: z.string(),
      alertThreshold: z.number().int(),
      support: SupportEnum,
    })
    .optional(),
  callBack: z.string().nullable().optional(),
  ipRestrictions: z.array(z.string()).optional(),
  password: z.string().optional(),
  quotaInformations: z.strictObject({ quotaLeft: z.number(), quotaStatus: QuotaStatusUserEnum }).optional(),
  stopCallBack: z.string().nullable().optional(),
});
export type UserUpdate = z.infer<typeof UserUpdateSchema>;
