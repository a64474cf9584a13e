/**
 * The accounts file (accounts.yaml): SMS accounts with their settings, users, senders and receiver slots,
 * and credit transfers between them, checked with the resources' own rules so that a mistake names the
 * file and the field before the engine starts. Passwords are not in the file: each user names a secret
 * stack config key. A slot's list may live in a CSV file of its own (`csvFile`), read here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { formatPath, serviceNameSchema } from "./inputs";
import { smsAccountInputsSchema } from "./smsAccountModel";
import { smsCreditTransferInputsSchema } from "./smsCreditTransfer";
import { smsReceiverSlotInputsSchema } from "./smsReceiverSlotModel";
import { smsSenderInputsSchema } from "./smsSender";
import { smsUserInputsSchema } from "./smsUserModel";

const userEntrySchema = smsUserInputsSchema.omit({ serviceName: true, password: true }).extend({
  /** Stack config key holding the password, set with `pulumi config set --secret <key> <password>`. */
  passwordSecret: z.string().min(1, "must name a secret stack config key"),
});

// `secretInputs` and `userInPlan` are set by the resource classes, never written by hand.
const settingsEntrySchema = smsAccountInputsSchema.omit({ serviceName: true, secretInputs: true });

const senderEntrySchema = smsSenderInputsSchema.omit({ serviceName: true });

// The slot's fields one by one here; its rules across fields (one source, the list's content) run once
// csvFile is read, in checkSlot. A schema with such rules cannot be narrowed with omit, hence the copy.
const slotEntrySchema = z
  .strictObject(smsReceiverSlotInputsSchema.shape)
  .omit({ serviceName: true, secretInputs: true, userInPlan: true })
  .extend({
    /** A CSV file holding the list, relative to the accounts file: read when the file is loaded. */
    csvFile: z.string().min(1, "must name a CSV file (relative to the accounts file)").optional(),
  });

const transferEntrySchema = smsCreditTransferInputsSchema.extend({
  /** The resource's name: reordering the list, or changing the figures, keeps the transfer. */
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,60}$/,
      "must be 1 to 60 letters, digits, '.', '_' or '-' (it names the resource)",
    ),
});

export const accountsFileSchema = z.strictObject({
  accounts: z.array(
    z.strictObject({
      serviceName: serviceNameSchema,
      settings: settingsEntrySchema.optional(),
      users: z.array(userEntrySchema).default([]),
      // Optional rather than defaulted: files made in code before these existed stay AccountsFiles.
      senders: z.array(senderEntrySchema).optional(),
      receiverSlots: z.array(slotEntrySchema).optional(),
    }),
  ),
  transfers: z.array(transferEntrySchema).optional(),
});

export type AccountsFile = z.infer<typeof accountsFileSchema>;
export type AccountEntry = AccountsFile["accounts"][number];
export type SlotEntry = NonNullable<AccountEntry["receiverSlots"]>[number];

type Problem = [path: PropertyKey[], message: string];

/** Parses and checks an accounts file; a slot's `csvFile` is read (relative to `fileName`) into `csv`. */
export function parseAccountsFile(text: string, fileName: string): AccountsFile {
  const result = accountsFileSchema.safeParse(withoutNullKeys(readYaml(text, fileName)));
  if (!result.success)
    throw invalid(
      fileName,
      result.error.issues.map((i) => [i.path, i.message]),
    );
  const file = result.data;
  const problems: Problem[] = [];
  for (const [a, account] of file.accounts.entries())
    for (const [s, slot] of (account.receiverSlots ?? []).entries())
      problems.push(
        ...checkSlot(account.serviceName, slot, path.dirname(fileName), ["accounts", a, "receiverSlots", s]),
      );
  if (problems.length > 0) throw invalid(fileName, problems);
  const twice = duplicates(file);
  if (twice.length > 0) throw new Error(twice.map((line) => `${fileName}: ${line}`).join("\n"));
  return file;
}

function readYaml(text: string, fileName: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    // The parser's message shows the line and a caret, but not which file.
    throw new Error(
      `${fileName} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function loadAccountsFile(fileName: string): AccountsFile {
  return parseAccountsFile(fs.readFileSync(fileName, "utf8"), fileName);
}

function invalid(fileName: string, problems: Problem[]): Error {
  const lines = problems.map(([at, message]) => `  ${formatPath(at)}: ${message}`);
  return new Error(`${fileName} is not a valid accounts file:\n${lines.join("\n")}`);
}

/**
 * Reads the slot's csvFile into csv (in place), then applies SmsReceiverSlot's own rules. A problem found in
 * the list of a csvFile is reported at csvFile, where the user can find it.
 */
function checkSlot(serviceName: string, slot: SlotEntry, folder: string, at: PropertyKey[]): Problem[] {
  const { csvFile, ...fields } = slot;
  if (csvFile !== undefined) {
    if (fields.csv !== undefined)
      return [[[...at, "csvFile"], "cannot be given with csv: the list comes from one source"]];
    if (fields.csvUrl !== undefined)
      return [[[...at, "csvFile"], "cannot be given with csvUrl: the list comes from one source"]];
    const where = path.resolve(folder, csvFile);
    try {
      slot.csv = fs.readFileSync(where, "utf8");
    } catch (error) {
      return [
        [
          [...at, "csvFile"],
          `cannot be read (${where}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        ],
      ];
    }
    delete slot.csvFile;
  }
  if (slot.csv === undefined && fields.csvUrl === undefined)
    return [[at, "needs a list: csvFile (a CSV file), csv (the list itself) or csvUrl (OVH downloads it)"]];
  const result = smsReceiverSlotInputsSchema.safeParse({ ...fields, csv: slot.csv, serviceName });
  if (result.success) return [];
  return result.error.issues.map((issue): Problem => {
    const [first, ...rest] = issue.path;
    const field = first === "csv" && csvFile !== undefined ? `csvFile (${csvFile})` : first;
    return [[...at, ...(field === undefined ? [] : [field]), ...rest], issue.message];
  });
}

/** Objects declared twice (the same serviceName may appear in several entries), each naming both places. */
function duplicates(file: AccountsFile): string[] {
  const seen = new Map<string, string>();
  const found: string[] = [];
  const note = (what: string, at: PropertyKey[]) => {
    const where = formatPath(at);
    const first = seen.get(what);
    if (first === undefined) seen.set(what, where);
    else found.push(`${what} is declared twice: ${first} and ${where}`);
  };
  for (const [a, account] of file.accounts.entries()) {
    const here = ["accounts", a];
    const sn = account.serviceName;
    if (account.settings) note(`settings ${sn}/settings`, [...here, "settings"]);
    for (const [i, user] of account.users.entries()) note(`user ${sn}/${user.login}`, [...here, "users", i]);
    for (const [i, s] of (account.senders ?? []).entries())
      note(`sender ${sn}/${s.sender}`, [...here, "senders", i]);
    for (const [i, slot] of (account.receiverSlots ?? []).entries())
      note(`receiver slot ${slotName(sn, slot)}`, [...here, "receiverSlots", i]);
  }
  for (const [i, transfer] of (file.transfers ?? []).entries())
    note(`transfer ${transfer.name}`, ["transfers", i]);
  return found;
}

/** The slot's resource name, also its identity in the file: a user's slot 1 is not the account's. */
export function slotName(serviceName: string, slot: Pick<SlotEntry, "login" | "slotId">): string {
  return slot.login === undefined
    ? `${serviceName}/slots/${slot.slotId}`
    : `${serviceName}/users/${slot.login}/slots/${slot.slotId}`;
}

// YAML `~` means "not set", for any key of the file (`ipRestrictions: ~`, `users: ~`): dropped before
// validation, so optional settings read as absent and required ones as missing. An account setting that
// SmsAccount clears with null is thus left as it is by `~`, as when it is left out.
function withoutNullKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNullKeys(v)]),
  );
}
