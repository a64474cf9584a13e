/**
 * The root Pulumi program: applies the version-controlled account configuration (accounts.yaml, or the
 * file named by the `accountsFile` stack config) to the OVH SMS accounts it lists.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareAccounts, loadAccountsFile } from "pulumi-ovh-sms";

const config = new pulumi.Config();
const file = path.resolve(config.get("accountsFile") ?? "accounts.yaml");
const users = declareAccounts(loadAccountsFile(file), config);

export const smsUsers = Object.fromEntries(
  Object.entries(users).map(([name, user]) => [
    name,
    { quotaLeft: user.quotaLeft, ipRestrictions: user.ipRestrictions, callbackUrl: user.callbackUrl },
  ]),
);
