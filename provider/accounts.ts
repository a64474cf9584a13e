/**
 * Version-controlled account configuration: a YAML file listing SMS accounts and their users,
 * validated with the same rules as the resources so a mistake names the file and the field before
 * the engine starts. Passwords are not in the file: each user names a secret stack config key.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { serviceNameSchema, formatPath } from "./inputs";
import { SmsUser, smsUserInputsSchema } from "./smsUser";

const userEntrySchema = smsUserInputsSchema.omit({ serviceName: true, password: true }).extend({
  /** Stack config key holding the password, set with `pulumi config set --secret <key> <password>`. */
  passwordSecret: z.string().min(1, "must name a secret stack config key"),
});

export const accountsFileSchema = z.strictObject({
  accounts: z.array(
    z.strictObject({
      serviceName: serviceNameSchema,
      users: z.array(userEntrySchema).default([]),
    }),
  ),
});

export type AccountsFile = z.infer<typeof accountsFileSchema>;

export function parseAccountsFile(text: string, fileName: string): AccountsFile {
  const result = accountsFileSchema.safeParse(withoutNullKeys(parseYaml(text)));
  if (result.success) {
    const seen = new Set<string>();
    for (const account of result.data.accounts)
      for (const user of account.users) {
        const id = `${account.serviceName}/${user.login}`;
        if (seen.has(id)) throw new Error(`${fileName}: user ${id} is declared twice`);
        seen.add(id);
      }
    return result.data;
  }
  const lines = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  throw new Error(`${fileName} is not a valid accounts file:\n${lines.join("\n")}`);
}

export function loadAccountsFile(fileName: string): AccountsFile {
  return parseAccountsFile(fs.readFileSync(fileName, "utf8"), fileName);
}

/** Declares one SmsUser per user of the file; resource names are `<serviceName>/<login>`. */
export function declareAccounts(
  file: AccountsFile,
  config: pulumi.Config,
  opts?: pulumi.CustomResourceOptions,
): Record<string, SmsUser> {
  const users: Record<string, SmsUser> = {};
  for (const account of file.accounts) {
    for (const { passwordSecret, ...user } of account.users) {
      const name = `${account.serviceName}/${user.login}`;
      const args = {
        ...user,
        serviceName: account.serviceName,
        password: config.requireSecret(passwordSecret),
      };
      users[name] = new SmsUser(name, withoutNulls(args), opts);
    }
  }
  return users;
}

// YAML `~` means "not set", for any key of the file (`ipRestrictions: ~`, `users: ~`): dropped before
// validation, so optional settings read as absent and required ones as missing.
function withoutNullKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNullKeys(v)]),
  );
}

// An AccountsFile made in code may hold nulls (the schema allows them); resource inputs take absent keys.
function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
