/**
 * SmsAccount's provider: the methods are this module's exports, so the provider object handed to the engine
 * is the module's exports object itself. The engine stores a serialized provider with every resource,
 * twice; for a module's exports object Pulumi's closure serializer stores one line instead,
 * `require("pulumi-ovh-sms/providers/smsAccount")` (the package's public subpath), when the package is
 * installed under node_modules as users install it.
 *
 * Each method only `require`s the runtime, for two reasons: where the package is not under node_modules
 * (this repository's own programs) the object is serialized by value and must capture nothing; and state
 * written by older versions, whose text calls the runtime directly, keeps working. Never rename this
 * module, its export path or its methods: stored state names them.
 */
import type * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-require-imports -- the methods must not capture module variables */
type Runtime = typeof import("../runtime");
type Provider = Required<pulumi.dynamic.ResourceProvider>;

export const configure: Provider["configure"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).configure(...a);
export const check: Provider["check"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsAccount.check(...a);
export const diff: Provider["diff"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsAccount.diff(...a);
export const create: Provider["create"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsAccount.create(...a);
export const read: Provider["read"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsAccount.read(...a);
export const update: Provider["update"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsAccount.update(...a);
const remove: Provider["delete"] = (...a) =>
  (require("pulumi-ovh-sms/runtime") as Runtime).smsAccount.remove(...a);
/* eslint-enable @typescript-eslint/no-require-imports */

export { remove as delete };
