/**
 * SmsUser's provider object, the whole export of this module. The engine stores a serialized provider
 * with every resource, twice; for an object that is a module's exports, Pulumi's closure serializer
 * stores one line instead, `require("pulumi-ovh-sms/providers/smsUser")` (the package's public subpath),
 * when the package is installed under node_modules as users install it.
 *
 * The methods only `require` the runtime, for two reasons: where the package is not under node_modules
 * (this repository's own programs) the object is serialized by value and must capture nothing; and state
 * written by older versions, whose text calls the runtime directly, keeps working. Never rename this
 * module nor its export path: stored state names it.
 */
import type * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-require-imports -- the methods must not capture module variables */
type Runtime = typeof import("../runtime");
const smsUserProvider: pulumi.dynamic.ResourceProvider = {
  configure: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).configure(...a),
  check: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.check(...a),
  diff: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.diff(...a),
  create: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.create(...a),
  read: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.read(...a),
  update: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.update(...a),
  delete: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.remove(...a),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export = smsUserProvider;
