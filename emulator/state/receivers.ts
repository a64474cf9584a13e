import { z } from "zod";
import { badRequest, conflict, objectNotFound } from "../errors";
import { isoSeconds, type Receiver, type Service, type State, type StoredDocument, type User } from "./model";
import { asObject, dropNulls, HTTP_URL, parseBody, writablePart } from "./validate";

// Receivers (contact lists): slots 1..9 chosen by the client, on the account and on each user. Creating one
// is two steps because its CSV may have to be downloaded: checkNewReceiver (sync) then storeReceiver.

export const MIN_SLOT = 1;
export const MAX_SLOT = 9;
export const NUMBER = /^\+\d{6,15}$/;
export type ReceiversOwner = Service | User;

export function receiverView(r: Receiver): Record<string, unknown> {
  return {
    autoUpdate: r.autoUpdate,
    canAutoUpdate: r.csvUrl !== null,
    datetime: r.datetime,
    description: r.description,
    records: r.records,
    slotId: r.slotId,
  };
}

export function getReceiver(owner: ReceiversOwner, slotId: string): Receiver {
  const receiver = /^\d+$/.test(slotId) ? owner.receivers.get(Number(slotId)) : undefined;
  if (!receiver) throw objectNotFound("slotId", slotId);
  return receiver;
}

export function listReceivers(owner: ReceiversOwner): number[] {
  return [...owner.receivers.keys()].sort((a, b) => a - b);
}

const createBody = z.strictObject({
  autoUpdate: z.boolean(),
  description: z.string(),
  slotId: z.number().int(),
  csvUrl: z.string().optional(),
  documentId: z.string().optional(),
});
export type NewReceiver = z.output<typeof createBody>;

export function checkNewReceiver(owner: ReceiversOwner, body: unknown): NewReceiver {
  const spec = parseBody(createBody, dropNulls(asObject(body, "receivers")), "receivers");
  checkDescription(spec.description);
  if (spec.slotId < MIN_SLOT || spec.slotId > MAX_SLOT) {
    throw badRequest(`Invalid slotId ${spec.slotId}: slots are numbered ${MIN_SLOT} to ${MAX_SLOT}`);
  }
  if ((spec.csvUrl === undefined) === (spec.documentId === undefined)) {
    throw badRequest("Give exactly one of csvUrl and documentId");
  }
  if (spec.csvUrl !== undefined && !HTTP_URL.test(spec.csvUrl)) {
    throw badRequest(`Invalid csvUrl "${spec.csvUrl}": an http:// or https:// URL is expected`);
  }
  if (spec.autoUpdate && spec.csvUrl === undefined) {
    throw badRequest("autoUpdate works only with csvUrl, not with documentId");
  }
  checkSlotFree(owner, spec.slotId);
  return spec;
}

function checkSlotFree(owner: ReceiversOwner, slotId: number): void {
  if (owner.receivers.has(slotId)) throw conflict(`The receivers slot ${slotId} is already used`);
}

function checkDescription(description: string): void {
  if (description.length < 1 || description.length > 40) {
    throw badRequest("Invalid description: 1 to 40 characters are required");
  }
}

/** The CSV behind a documentId: the caller's own document, already uploaded. */
export function documentCsv(state: State, nic: string, documentId: string): string {
  const doc: StoredDocument | undefined = state.documents.get(documentId);
  if (!doc || doc.nic !== nic) throw badRequest(`The document ${documentId} does not exist`);
  if (doc.contentBase64 === null)
    throw badRequest(`The document ${documentId} has no content: upload it first`);
  return Buffer.from(doc.contentBase64, "base64").toString("utf8");
}

export function storeReceiver(owner: ReceiversOwner, spec: NewReceiver, csv: string, now: number): Receiver {
  const records = countRecords(csv);
  checkSlotFree(owner, spec.slotId); // again: another create may have taken the slot while the CSV downloaded
  const receiver: Receiver = {
    slotId: spec.slotId,
    description: spec.description,
    autoUpdate: spec.autoUpdate,
    datetime: isoSeconds(now),
    records,
    csv,
    csvUrl: spec.csvUrl ?? null,
    documentId: spec.documentId ?? null,
  };
  owner.receivers.set(spec.slotId, receiver);
  return receiver;
}

const updateBody = z.strictObject({ autoUpdate: z.boolean().optional(), description: z.string().optional() });

export function updateReceiver(r: Receiver, body: unknown): void {
  const ro = ["canAutoUpdate", "datetime", "records", "slotId"];
  const raw = writablePart(
    asObject(body, "sms.Receiver"),
    receiverView(r),
    ro,
    ["autoUpdate", "description"],
    "sms.Receiver",
  );
  const patch = parseBody(updateBody, raw, "sms.Receiver");
  if (patch.description !== undefined) checkDescription(patch.description);
  if (patch.autoUpdate === true && r.csvUrl === null) {
    throw badRequest("autoUpdate works only with csvUrl, not with documentId");
  }
  if (patch.description !== undefined) r.description = patch.description;
  if (patch.autoUpdate !== undefined) r.autoUpdate = patch.autoUpdate;
}

/**
 * `;`-separated, a header with a `number` column, one receiver per non-blank line, numbers in international
 * format. A bad record is reported with "on line N" (the control panel parses that suffix).
 */
export function countRecords(csv: string): number {
  const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split(";").map(cell);
  const column = header.indexOf("number");
  if (column < 0) throw badRequest('The file needs a "number" column in its header on line 1');
  let records = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    const value = cell(line.split(";")[column] ?? "");
    if (!NUMBER.test(value)) {
      throw badRequest(
        `Invalid number "${value}": international format such as +33612345678 expected on line ${i + 1}`,
      );
    }
    records++;
  }
  if (records === 0) throw badRequest("The file contains no receiver: add numbers below the header");
  return records;
}

function cell(raw: string): string {
  return raw.trim().replace(/^"(.*)"$/, "$1");
}
