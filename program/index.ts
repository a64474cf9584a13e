/**
 * The root Pulumi program: applies the version-controlled account configuration (accounts.yaml, or the
 * file named by the `accountsFile` stack config) to the OVH SMS accounts it lists.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareAccounts, loadAccountsFile } from "pulumi-ovh-sms";

const config = new pulumi.Config();
const file = path.resolve(projectFolder(), config.get("accountsFile") ?? "accounts.yaml");

// Relative paths are relative to the project folder (where Pulumi.yaml is), not to dist/program where
// the program runs. Found by walking up: older language hosts do not report the root directory.
function projectFolder(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

function load(fileName: string) {
  try {
    return loadAccountsFile(fileName);
  } catch (error) {
    // A RunError is reported as its message alone: the mistake and where, without a stack trace.
    throw new pulumi.RunError(error instanceof Error ? error.message : String(error));
  }
}

const users = declareAccounts(load(file), config);

export const smsUsers = Object.fromEntries(
  Object.entries(users).map(([name, user]) => [
    name,
    { quotaLeft: user.quotaLeft, ipRestrictions: user.ipRestrictions, callbackUrl: user.callbackUrl },
  ]),
);
