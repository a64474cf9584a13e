/**
 * SmsCreditTransferIntent's provider, stored in the state as `require("pulumi-ovh-sms/providers/smsCreditTransferIntent")`. Same
 * shape as providers/smsUser.ts, which says why; never rename this module, its path or its methods.
 */
import type * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-require-imports -- the methods must not capture module variables */
type Runtime = typeof import("../runtime");
type Provider = Required<pulumi.dynamic.ResourceProvider>;

export const configure: Provider["configure"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).configure(...a);
export const check: Provider["check"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsCreditTransferIntent.check(...a);
export const diff: Provider["diff"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsCreditTransferIntent.diff(...a);
export const create: Provider["create"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsCreditTransferIntent.create(...a);
export const read: Provider["read"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsCreditTransferIntent.read(...a);
export const update: Provider["update"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsCreditTransferIntent.update(...a);
const remove: Provider["delete"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsCreditTransferIntent.remove(...a);
/* eslint-enable @typescript-eslint/no-require-imports */

export { remove as delete };
