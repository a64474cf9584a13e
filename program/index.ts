/**
 * The root Pulumi program: applies the version-controlled account configuration (accounts.yaml, or the
 * file named by the `accountsFile` stack config) to the OVH SMS accounts it lists: settings, users,
 * senders, receiver slots and credit transfers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareAccountsFile, loadAccountsFile } from "pulumi-ovh-sms";

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

const declared = declareAccountsFile(load(file), config);

// A few live values of each kind, by resource name: what `pulumi up` made and where things stand.
export const smsUsers = Object.fromEntries(
  Object.entries(declared.users).map(([name, user]) => [
    name,
    { quotaLeft: user.quotaLeft, ipRestrictions: user.ipRestrictions, callbackUrl: user.callbackUrl },
  ]),
);
export const smsAccounts = Object.fromEntries(
  Object.entries(declared.settings).map(([name, account]) => [
    name,
    { description: account.description, callbackUrl: account.callbackUrl },
  ]),
);
export const smsSenders = Object.fromEntries(
  Object.entries(declared.senders).map(([name, sender]) => [name, { status: sender.status }]),
);
export const smsReceiverSlots = Object.fromEntries(
  Object.entries(declared.receiverSlots).map(([name, slot]) => [
    name,
    { records: slot.records, columns: slot.columns },
  ]),
);
export const smsCreditTransfers = Object.fromEntries(
  Object.entries(declared.transfers).map(([name, transfer]) => [
    name,
    { outcome: transfer.outcome, toCreditsLeft: transfer.toCreditsLeft },
  ]),
);
