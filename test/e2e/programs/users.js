// A Pulumi program run by the language host in e2e tests: declares the SmsUsers listed in the JSON file
// named by the `spec` stack config, so a test edits the program by rewriting that file. Each user's
// password can come from a different origin, as real programs do. `resources` declares other kinds
// (`{ "name": { "kind": "SmsSender", "args": {…}, "secretFields": [] } }`).
"use strict";
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");
const sms = require("pulumi-ovh-sms");

const config = new pulumi.Config();
const spec = JSON.parse(fs.readFileSync(config.require("spec"), "utf8"));

// Another resource whose output is a secret (as a password generator or a vault lookup would give).
const echoProvider = {
  async create(inputs) {
    return { id: "echo", outs: { value: inputs.value } };
  },
};
class Echo extends pulumi.dynamic.Resource {
  constructor(name, value) {
    super(echoProvider, name, { value }, { additionalSecretOutputs: ["value"] });
  }
}

function password(name, user) {
  switch (user.passwordFrom) {
    case "env":
      return pulumi.secret(process.env[`E2E_PW_${name}`]);
    case "config":
      return config.requireSecret(`pw-${name}`);
    case "output":
      return new Echo(`${name}-password`, pulumi.secret(user.args.password)).value;
    default:
      return user.args.password;
  }
}

for (const [name, user] of Object.entries(spec.users)) {
  const args = { ...user.args, password: password(name, user) };
  for (const field of user.secretFields ?? []) args[field] = pulumi.secret(args[field]);
  new sms.SmsUser(name, args);
}
for (const [name, resource] of Object.entries(spec.resources ?? {})) {
  const args = { ...resource.args };
  for (const field of resource.secretFields ?? []) args[field] = pulumi.secret(args[field]);
  new sms[resource.kind](name, args);
}
