import { z } from "zod";
import {
  ChannelEnum,
  PackQuantityAutomaticRecreditEnum,
  ResponseTrackingMediaEnum,
  ResponseTypeEnum,
  StatusAccountEnum,
} from "./enums";

/** `sms.ResponseTrackingOptions`: who is notified when a receiver replies. */
export const ResponseTrackingOptionsSchema = z.object({
  media: ResponseTrackingMediaEnum,
  sender: z.string(),
  target: z.string(),
});
export type ResponseTrackingOptions = z.infer<typeof ResponseTrackingOptionsSchema>;

/** `sms.Response`: what happens when a receiver replies to an SMS. */
export const SmsResponseSchema = z.object({
  cgiUrl: z.string().nullable(),
  responseType: ResponseTypeEnum,
  text: z.string().nullable(),
  trackingDefaultSmsSender: z.string().nullable(),
  trackingOptions: z.array(ResponseTrackingOptionsSchema).nullable(),
});
export type SmsResponse = z.infer<typeof SmsResponseSchema>;

/** `sms.Templates`: alerts sent when a user crosses its limit. */
export const TemplatesSchema = z.object({
  customizedEmailMode: z.boolean(),
  customizedSmsMode: z.boolean(),
  emailBody: z.string().nullable(),
  emailFrom: z.string().nullable(),
  emailSubject: z.string().nullable(),
  smsBody: z.string().nullable(),
});
export type Templates = z.infer<typeof TemplatesSchema>;

/** `sms.Account` as returned by `GET /sms/{serviceName}`; unknown fields (e.g. `iam`) are dropped. */
export const AccountSchema = z.object({
  automaticRecreditAmount: PackQuantityAutomaticRecreditEnum.nullable(),
  callBack: z.string().nullable(),
  channel: ChannelEnum,
  creditThresholdForAutomaticRecredit: z.number(),
  creditsHoldByQuota: z.number(),
  creditsLeft: z.number(),
  description: z.string(),
  name: z.string(),
  smpp: z.boolean(),
  smsResponse: SmsResponseSchema,
  status: StatusAccountEnum,
  stopCallBack: z.string().nullable(),
  templates: TemplatesSchema,
  userQuantityWithQuota: z.number().int(),
});
export type Account = z.infer<typeof AccountSchema>;

/** Body of `PUT /sms/{serviceName}`: the writable fields only, each optional (OVH takes partial bodies). */
export const AccountUpdateSchema = z.strictObject({
  automaticRecreditAmount: PackQuantityAutomaticRecreditEnum.nullable().optional(),
  callBack: z.string().nullable().optional(),
  creditThresholdForAutomaticRecredit: z.number().optional(),
  description: z.string().optional(),
  smsResponse: z
    .strictObject({
      cgiUrl: z.string().nullable().optional(),
      responseType: ResponseTypeEnum.optional(),
      text: z.string().nullable().optional(),
      trackingDefaultSmsSender: z.string().nullable().optional(),
      trackingOptions: z
        .array(z.strictObject({ media: ResponseTrackingMediaEnum, sender: z.string(), target: z.string() }))
        .nullable()
        .optional(),
    })
    .optional(),
  stopCallBack: z.string().nullable().optional(),
  templates: z
    .strictObject({
      customizedEmailMode: z.boolean().optional(),
      customizedSmsMode: z.boolean().optional(),
      emailBody: z.string().nullable().optional(),
      emailFrom: z.string().nullable().optional(),
      emailSubject: z.string().nullable().optional(),
      smsBody: z.string().nullable().optional(),
    })
    .optional(),
});
export type AccountUpdate = z.infer<typeof AccountUpdateSchema>;
