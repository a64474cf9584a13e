/**
 * The root Pulumi program: applies the version-controlled account configuration (accounts.yaml, or the
 * file named by the `accountsFile` stack config) to the OVH SMS accounts it lists.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareAccounts, loadAccountsFile } from "pulumi-ovh-sms";

const config = new pulumi.Config();
const file = path.resolve(config.get("accountsFile") ?? "accounts.yaml");

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
