/**
 * SmsReceiverSlot's inputs, their checked form, its outputs and the pure mapping between them and OVH's
 * sms.Receiver. No API calls here; provider/smsReceiverSlot.ts makes them.
 *
 * The list itself never enters the state: `check` replaces the `csv` input by its checked form (hash,
 * columns, records) and keeps the canonical text in this process only (see `checkedText`), where `create`
 * finds it again. The engine checks every resource it creates in the same provider process, as it does
 * for the sealed secrets (provider/sealed.ts).
 */
import { z } from "zod";
import type { Receiver, ReceiverUpdate } from "../sdk";
import { containsUnknown, httpUrlSchema, isUnknown, pathSegmentSchema, serviceNameSchema } from "./inputs";
import { listHash } from "./listHash";
import {
  csvFromRecords,
  csvFromText,
  SMS_COUNTRIES,
  type CanonicalCsv,
  type CsvProblem,
  type CsvRecord,
  type SmsCountry,
} from "./receiverCsv";
import { secretInputsSchema, withoutSecrets } from "./secretInputs";

const recordsSchema = z
  .array(z.record(z.string(), z.string()))
  .min(1, "needs at least one record (an object with a number)");

export const smsReceiverSlotInputsSchema = z
  .strictObject({
    serviceName: serviceNameSchema,
    // Same rule as SmsUser's login: it becomes a path segment.
    login: pathSegmentSchema(
      /^[A-Za-z0-9._-]{1,40}$/,
      "must be 1 to 40 letters, digits, '.', '_' or '-'",
    ).optional(),
    slotId: z
      .number()
      .int("must be a whole number from 1 to 9")
      .min(1, "must be from 1 to 9 (OVH has 9 slots)")
      .max(9, "must be from 1 to 9 (OVH has 9 slots)"),
    description: z
      .string()
      .min(1, "is required by OVH (1 to 40 characters)")
      .max(40, "must be at most 40 characters"),
    autoUpdate: z.boolean().optional(),
    csvUrl: httpUrlSchema.optional(),
    csv: z.union([z.string(), recordsSchema], { error: "must be CSV text or a list of records" }).optional(),
    defaultCountry: z.enum(SMS_COUNTRIES).optional(),
    adopt: z.boolean().optional(),
    /** Set by the resource class: an SmsUser of this program declares `login` (it may not exist yet). */
    userInPlan: z.boolean().optional(),
    secretInputs: secretInputsSchema,
  })
  .superRefine((slot, ctx) => {
    if ((slot.csv === undefined) === (slot.csvUrl === undefined))
      ctx.addIssue({
        code: "custom",
        path: [slot.csv === undefined ? "csv" : "csvUrl"],
        message:
          slot.csv === undefined
            ? "or csvUrl is required: give the list inline (csv) or the URL OVH downloads it from (csvUrl)"
            : "cannot be given with csv: the list comes from one source",
      });
    if (slot.autoUpdate === true && slot.csv !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["autoUpdate"],
        message:
          "works only with csvUrl: OVH downloads the file again before each send, an uploaded csv cannot",
      });
    const empty = Array.isArray(slot.csv) && slot.csv.length === 0; // already said by the array's own rule
    if (slot.csv === undefined || empty || containsUnknown(slot.csv) || isUnknown(slot.defaultCountry))
      return;
    const result = canonicalList(slot.csv, slot.defaultCountry);
    if (!("text" in result))
      for (const problem of result)
        ctx.addIssue({ code: "custom", path: ["csv", ...problem.path], message: problem.message });
  });

type ValidInputs = z.infer<typeof smsReceiverSlotInputsSchema>;

/** The `csv` input as `check` leaves it in the state: what the list is, not the list. */
export interface CheckedCsv {
  /** The list's hash (see listHash.ts). */
  hash: string;
  columns: string[];
  records: number;
}

export type SmsReceiverSlotInputs = Omit<ValidInputs, "csv"> & {
  csv?: ValidInputs["csv"] | CheckedCsv;
  /** What the diff compares: the list's hash (csv), or the URL's (csvUrl: it may be a pre-signed secret). */
  sourceHash?: string;
};

export interface SmsReceiverSlotOutputs {
  serviceName: string;
  login: string | null;
  slotId: number;
  description: string;
  autoUpdate: boolean;
  source: "csv" | "csvUrl";
  /** Absent when the program made it a secret. */
  csvUrl?: string | null;
  defaultCountry: SmsCountry | null;
  /**
   * `hmac-sha256:<key id>:<hex>` of the list in canonical form (for csvUrl: of the copy OVH downloaded),
   * keyed so the state cannot confirm a guessed list (provider/listHash.ts).
   */
  contentHash: string;
  sourceHash: string;
  /** The list's columns, `number` among them: the mail-merge fields (`#column#`) a message may use. */
  columns: string[];
  records: number;
  datetime: string;
  adopt: boolean;
  /** Uploaded /me/document ids whose DELETE failed: the next update or destroy deletes them. */
  leftoverDocuments?: string[];
  secretInputs?: string[];
}

/** What the list is, as outputs keep it. */
export interface Content {
  contentHash: string;
  sourceHash: string;
  columns: string[];
}

export function canonicalList(
  csv: string | CsvRecord[],
  defaultCountry: SmsCountry | undefined,
): CanonicalCsv | CsvProblem[] {
  return typeof csv === "string" ? csvFromText(csv, defaultCountry) : csvFromRecords(csv, defaultCountry);
}

// Canonical texts checked in this process, by hash. Kept small by nature: one per slot of the plan.
const checkedTexts = new Map<string, string>();

/** The canonical text `check` made for this hash in this process; undefined in another process. */
export function checkedText(hash: string): string | undefined {
  return checkedTexts.get(hash);
}

export function isCheckedCsv(csv: SmsReceiverSlotInputs["csv"]): csv is CheckedCsv {
  return typeof csv === "object" && csv !== null && !Array.isArray(csv) && "hash" in csv;
}

/** The text a csvUrl's hash is taken of. */
export const urlText = (csvUrl: string) => `csvUrl ${csvUrl}`;

export function urlHash(csvUrl: string): string {
  return listHash(urlText(csvUrl));
}

/**
 * The checked form of valid inputs: the list replaced by its hash and columns (its text kept in this
 * process for `create`), and the source's hash for the diff. Unknown values (preview) are left as they are.
 */
export function compactInputs(value: SmsReceiverSlotInputs): SmsReceiverSlotInputs {
  const { csv, csvUrl } = value;
  if (csv !== undefined && !isCheckedCsv(csv) && !containsUnknown(csv) && !isUnknown(value.defaultCountry)) {
    const list = canonicalList(csv, value.defaultCountry);
    if (!("text" in list)) return value; // not reached: the schema refused it
    const hash = listHash(list.text);
    checkedTexts.set(hash, list.text);
    const checked: CheckedCsv = { hash, columns: list.columns, records: list.records };
    return { ...value, csv: checked, sourceHash: hash };
  }
  if (csvUrl !== undefined && !isUnknown(csvUrl)) return { ...value, sourceHash: urlHash(csvUrl) };
  return value;
}

/** What the live list is, read back from OVH's copy; the canonical form when it still passes the rules. */
export function contentOf(
  csvText: string,
  defaultCountry: SmsCountry | undefined,
): Omit<Content, "sourceHash"> {
  const list = csvFromText(csvText, defaultCountry);
  if ("text" in list) return { contentHash: listHash(list.text), columns: list.columns };
  // A list made elsewhere that our rules refuse: still say what it holds.
  const header = csvText.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return { contentHash: listHash(csvText), columns: header.split(";").map((name) => name.trim()) };
}

/** What to PUT so the live slot has the declared description and autoUpdate. */
export function settingsChanges(desired: SmsReceiverSlotInputs, live: Receiver): ReceiverUpdate {
  const body: ReceiverUpdate = {};
  if (desired.description !== live.description) body.description = desired.description;
  if ((desired.autoUpdate ?? false) !== live.autoUpdate) body.autoUpdate = desired.autoUpdate ?? false;
  return body;
}

export function toOutputs(
  desired: SmsReceiverSlotInputs,
  live: Receiver,
  content: Content,
  leftoverDocuments: string[] = [],
): SmsReceiverSlotOutputs {
  const outputs: SmsReceiverSlotOutputs = {
    serviceName: desired.serviceName,
    login: desired.login ?? null,
    slotId: desired.slotId,
    description: live.description,
    autoUpdate: live.autoUpdate,
    source: desired.csv !== undefined ? "csv" : "csvUrl",
    csvUrl: desired.csvUrl ?? null,
    defaultCountry: desired.defaultCountry ?? null,
    ...content,
    records: live.records,
    datetime: live.datetime,
    adopt: desired.adopt ?? false,
    leftoverDocuments,
    ...(desired.secretInputs ? { secretInputs: desired.secretInputs } : {}),
  };
  return withoutSecrets(outputs, desired.secretInputs);
}
