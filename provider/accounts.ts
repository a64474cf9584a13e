/**
 * The resources an accounts file declares (see accountsFile.ts for the format and its checks). Names are
 * stable, made of what identifies each object, never of its position in the file:
 * `<serviceName>/settings`, `<serviceName>/<login>` (users), `<serviceName>/senders/<sender>`,
 * `<serviceName>/slots/<slotId>` or `<serviceName>/users/<login>/slots/<slotId>`, `transfers/<name>`.
 */
import * as pulumi from "@pulumi/pulumi";
import { slotName, type AccountsFile } from "./accountsFile";
import { SmsAccount } from "./smsAccount";
import { SmsCreditTransfer } from "./smsCreditTransfer";
import { SmsReceiverSlot } from "./smsReceiverSlot";
import { SmsSender } from "./smsSender";
import { SmsUser } from "./smsUser";

export { accountsFileSchema, loadAccountsFile, parseAccountsFile, type AccountsFile } from "./accountsFile";

/** Everything `declareAccountsFile` declared, by resource name. */
export interface DeclaredAccounts {
  settings: Record<string, SmsAccount>;
  users: Record<string, SmsUser>;
  senders: Record<string, SmsSender>;
  receiverSlots: Record<string, SmsReceiverSlot>;
  transfers: Record<string, SmsCreditTransfer>;
}

/**
 * Declares the resources of the file. Transfers come first: a user with a quota on an account that
 * transfers bring credits to depends on them, so its quota is checked and made once the credits are there.
 * A user's receiver slot depends on that user when the file declares it (the user may not exist yet).
 */
export function declareAccountsFile(
  file: AccountsFile,
  config: pulumi.Config,
  opts?: pulumi.CustomResourceOptions,
): DeclaredAccounts {
  const declared: DeclaredAccounts = {
    settings: {},
    users: {},
    senders: {},
    receiverSlots: {},
    transfers: {},
  };
  const incoming = new Map<string, SmsCreditTransfer[]>();
  for (const { name, ...transfer } of file.transfers ?? []) {
    const resource = new SmsCreditTransfer(`transfers/${name}`, transfer, opts);
    declared.transfers[`transfers/${name}`] = resource;
    incoming.set(transfer.to, [...(incoming.get(transfer.to) ?? []), resource]);
  }
  for (const account of file.accounts) {
    const { serviceName } = account;
    if (account.settings) {
      const name = `${serviceName}/settings`;
      // Kept as they are: null clears an account setting (a file has none: `~` is dropped when it is read).
      declared.settings[name] = new SmsAccount(name, { ...account.settings, serviceName }, opts);
    }
    for (const { passwordSecret, ...user } of account.users) {
      const name = `${serviceName}/${user.login}`;
      const args = { ...user, serviceName, password: config.requireSecret(passwordSecret) };
      const transfers = user.quota ? (incoming.get(serviceName) ?? []) : [];
      declared.users[name] = new SmsUser(name, withoutNulls(args), dependingOn(opts, transfers));
    }
  }
  // Users first: a slot may name a user of another entry of the same account.
  for (const { serviceName, ...account } of file.accounts) {
    for (const sender of account.senders ?? []) {
      const name = `${serviceName}/senders/${sender.sender}`;
      declared.senders[name] = new SmsSender(name, { ...sender, serviceName }, opts);
    }
    for (const { csvFile: _read, ...slot } of account.receiverSlots ?? []) {
      const name = slotName(serviceName, slot);
      const user = slot.login === undefined ? undefined : declared.users[`${serviceName}/${slot.login}`];
      const args = { ...slot, serviceName };
      declared.receiverSlots[name] = new SmsReceiverSlot(name, args, dependingOn(opts, user ? [user] : []));
    }
  }
  return declared;
}

/** Declares the resources of the file and returns its users (what it declared before the other kinds). */
export function declareAccounts(
  file: AccountsFile,
  config: pulumi.Config,
  opts?: pulumi.CustomResourceOptions,
): Record<string, SmsUser> {
  return declareAccountsFile(file, config, opts).users;
}

// The SDK flattens nested lists of dependencies (and resolves outputs in them), so whatever form the
// caller's dependsOn has is kept as one entry of the list.
function dependingOn(
  opts: pulumi.CustomResourceOptions | undefined,
  more: pulumi.Resource[],
): pulumi.CustomResourceOptions | undefined {
  if (more.length === 0) return opts;
  if (opts?.dependsOn === undefined) return { ...opts, dependsOn: more };
  return { ...opts, dependsOn: [opts.dependsOn, ...more] as pulumi.Input<pulumi.Resource>[] };
}

// An AccountsFile made in code may hold nulls (the schema allows them); resource inputs take absent keys.
function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
