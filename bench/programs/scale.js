// The bench's Pulumi program, run by the language host from a project where the package is installed
// from its tarball. `spec` (stack config) names a JSON file: { kind: "sms", users: [args…] } declares one
// SmsUser per entry; { kind: "noop", count } declares dynamic resources whose provider does nothing,
// the engine's own floor; { kind: "noop", users: [args…] } the same with an SmsUser's inputs and output
// names (the SDK's cost grows with the number of properties of a resource); { kind: "resources",
// resources: [{ type, name, args }…] } declares one resource of the package's class `type` per entry
// (bench/kinds.ts).
"use strict";
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

const spec = JSON.parse(fs.readFileSync(new pulumi.Config().require("spec"), "utf8"));

if (spec.kind === "noop") {
  const noop = {
    async create(inputs) {
      return { id: inputs.n, outs: inputs };
    },
    async diff() {
      return { changes: false };
    },
    async read(id, props) {
      return { id, props };
    },
    async update(_id, _olds, news) {
      return { outs: news };
    },
    async delete() {},
  };
  const outputs = { quotaLeft: undefined, secretInputs: [] };
  if (spec.users)
    spec.users.forEach(
      (args, i) => new pulumi.dynamic.Resource(noop, `n${i}`, { n: `n${i}`, ...outputs, ...args }),
    );
  else for (let i = 0; i < spec.count; i++) new pulumi.dynamic.Resource(noop, `n${i}`, { n: `n${i}` });
} else if (spec.kind === "resources") {
  const sms = require("pulumi-ovh-sms");
  for (const { type, name, args } of spec.resources) new sms[type](name, args);
} else {
  const { SmsUser } = require("pulumi-ovh-sms");
  for (const args of spec.users) new SmsUser(`${args.serviceName}/${args.login}`, args);
}
