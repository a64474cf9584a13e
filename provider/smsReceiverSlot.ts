/**
 * SmsReceiverSlot: a preloaded contact list in one of the 9 receivers slots of an SMS account or of one of
 * its users (`/sms/{serviceName}[/users/{login}]/receivers/{slotId}`).
 *
 *   check  → inputs (zod; the inline list parsed, validated and normalized: provider/receiverCsv.ts), then the
 *            account, the user and the slot (preview refuses a slot someone else's list holds)
 *   create → csv: POST /me/document (an unknown outcome resolved by finding this attempt's document by
 *            name), PUT the canonical text to its putUrl, POST …/receivers {documentId}, DELETE the document
 *            (one that cannot be is recorded in leftoverDocuments); csvUrl: POST …/receivers {csvUrl} (OVH
 *            downloads it). An unknown outcome or a 409 is resolved by reading the slot and hashing its list
 *            (provider/lifecycle.ts)
 *   diff   → a new list (hash) replaces the slot, deleted first (the slot id is its identity); a hash made
 *            by an earlier version or with another key is checked another way and rewritten; GET the slot:
 *            description and autoUpdate drift is updated in place, a list changed on OVH is replaced
 *   update → one PUT of description/autoUpdate; deletes leftover documents
 *   delete → DELETE (404 means already gone), and the leftover documents
 *   read   → GET (and GET …/csv when the list changed on OVH)
 */
import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import {
  createDocument,
  createReceiver,
  deleteDocument,
  deleteReceiver,
  getDocument,
  getReceiver,
  getReceiverCsv,
  isNotFound,
  listDocuments,
  listReceivers,
  updateReceiver,
  uploadDocument,
  type Document,
  type OvhClient,
  type Receiver,
} from "../sdk";
import { checkInputs, type CheckSpec } from "./checked";
import { claimed, isClaimed } from "./claims";
import { getClient, perOperation } from "./config";
import { containsUnknown, isUnknown, type CheckFailure } from "./inputs";
import {
  createOnce,
  failure,
  messageOf,
  recordedAs,
  report,
  undoCreate,
  type ResourceRef,
} from "./lifecycle";
import { createLiveCache, notFoundAsUndefined } from "./liveCache";
import { hashedWithCurrentKey, isLegacyHash, legacyHash } from "./listHash";
import { liveUsers } from "./liveUsers";
import { accountOrProblem, type Call } from "./preflight";
// The module's exports object is what the closure serializer stores as one require (see providers/).
import * as smsReceiverSlotProvider from "./providers/smsReceiverSlot";
import type { CsvRecord, SmsCountry } from "./receiverCsv";
import { openFields, openFieldsLeniently } from "./sealed";
import { secretInputNames } from "./secretInputs";
import {
  checkedText,
  compactInputs,
  contentOf,
  isCheckedCsv,
  settingsChanges,
  smsReceiverSlotInputsSchema,
  toOutputs,
  urlText,
  type Content,
  type SmsReceiverSlotInputs,
  type SmsReceiverSlotOutputs,
} from "./smsReceiverSlotModel";

export {
  smsReceiverSlotInputsSchema,
  type SmsReceiverSlotInputs,
  type SmsReceiverSlotOutputs,
} from "./smsReceiverSlotModel";

interface Slot {
  serviceName: string;
  login?: string | undefined;
  slotId: number;
}

const ref = (id: string): ResourceRef => ({ kind: "SmsReceiverSlot", id });

function slotIdText({ serviceName, login, slotId }: Slot): string {
  return login === undefined
    ? `${serviceName}/receivers/${slotId}`
    : `${serviceName}/users/${login}/receivers/${slotId}`;
}

function parseId(id: string): Slot {
  const parts = id.split("/");
  const slotId = Number(parts[parts.length - 1]);
  if (parts.length === 3 && parts[1] === "receivers" && parts[0] && Number.isInteger(slotId))
    return { serviceName: parts[0], slotId };
  if (parts.length === 5 && parts[1] === "users" && parts[3] === "receivers" && parts[0] && parts[2])
    return { serviceName: parts[0], login: parts[2], slotId };
  throw new Error(
    `SmsReceiverSlot id "${id}" is not of the form <serviceName>/receivers/<slotId> or ` +
      "<serviceName>/users/<login>/receivers/<slotId>",
  );
}

// Live slots of one owner (the account, or one user), listed and fetched once per operation.
const ownerKey = (serviceName: string, login: string | undefined) =>
  login === undefined ? serviceName : `${serviceName}/${login}`;

function ownerOf(key: string): [string, string | undefined] {
  const slash = key.indexOf("/");
  return slash < 0 ? [key, undefined] : [key.slice(0, slash), key.slice(slash + 1)];
}

const liveSlots = perOperation((client) =>
  createLiveCache<Receiver>({
    list: async (owner) => (await listReceivers(client, ...ownerOf(owner))).map(String),
    fetch: (owner, key) => {
      const [serviceName, login] = ownerOf(owner);
      return getReceiver(client, serviceName, Number(key), login).catch(notFoundAsUndefined);
    },
  }),
);

function liveSlot(slot: Slot): Promise<Receiver | undefined> {
  return liveSlots()
    .get(ownerKey(slot.serviceName, slot.login), String(slot.slotId))
    .catch((error: unknown) => {
      throw failure(ref(slotIdText(slot)), "reading the live slot", error);
    });
}

/**
 * Slots this operation replaces in place (deleted first). The engine checks a replacement a second time
 * without its old inputs, when the old list is still there: that list is ours, not a clash.
 */
const replacing = perOperation(() => new Set<string>());

function replacedInPlace(id: string, why: string) {
  replacing().add(id);
  report(ref(id), why);
  return { changes: true, deleteBeforeReplace: true };
}

function written(slot: Slot, receiver: Receiver | undefined): void {
  liveSlots().set(ownerKey(slot.serviceName, slot.login), String(slot.slotId), receiver);
}

/** The slot and what its list is, read from OVH; undefined when the slot is free. */
async function readSlot(
  client: OvhClient,
  slot: Slot,
  defaultCountry: SmsCountry | undefined,
): Promise<{ receiver: Receiver; content: Omit<Content, "sourceHash"> } | undefined> {
  const { serviceName, login, slotId } = slot;
  const receiver = await getReceiver(client, serviceName, slotId, login).catch(notFoundAsUndefined);
  if (!receiver) return undefined;
  const text = await getReceiverCsv(client, serviceName, slotId, login);
  return { receiver, content: contentOf(text, defaultCountry) };
}

/**
 * Whether a slot found on OVH is the one this program declares: for an uploaded list, the same content
 * (hash); for a csvUrl (whose content only OVH has seen), downloaded from a URL with the same settings.
 */
function isOurs(
  desired: SmsReceiverSlotInputs,
  found: { receiver: Receiver; content: Omit<Content, "sourceHash"> },
): boolean {
  if (isCheckedCsv(desired.csv)) return found.content.contentHash === desired.csv.hash;
  return (
    found.receiver.canAutoUpdate &&
    found.receiver.description === desired.description &&
    found.receiver.autoUpdate === (desired.autoUpdate ?? false)
  );
}

function clash(slot: Slot, live?: Receiver): string {
  const owner = slot.login === undefined ? slot.serviceName : `the user ${slot.login} of ${slot.serviceName}`;
  const what = live ? ` ("${live.description}", ${live.records} records)` : "";
  return (
    `slot ${slot.slotId} of ${owner} already holds another list${what} that this program did not make. ` +
    "To replace it with the declared list, set adopt: true; otherwise choose another slotId."
  );
}

function slotCalls(desired: SmsReceiverSlotInputs): Call[] {
  const { serviceName, login } = desired;
  const owner = login === undefined ? `/sms/${serviceName}` : `/sms/${serviceName}/users/${login}`;
  const list = `${owner}/receivers`;
  const one = `${list}/${isUnknown(desired.slotId) ? "x" : desired.slotId}`;
  const calls: Call[] = [
    ["GET", `/sms/${serviceName}`],
    ["GET", list],
    ["POST", list],
    ["GET", one],
    ["GET", `${one}/csv`],
    ["PUT", one],
    ["DELETE", one],
  ];
  // An inline list is uploaded through /me/document first; a POST whose outcome is unknown is resolved by
  // listing the documents.
  if (desired.csv !== undefined)
    calls.push(
      ["POST", "/me/document"],
      ["GET", "/me/document"],
      ["GET", "/me/document/x"],
      ["DELETE", "/me/document/x"],
    );
  return calls;
}

/** What preview can tell: the account is usable, the user exists, and the slot is free or ours. */
async function preflight(
  desired: SmsReceiverSlotInputs,
  olds: Partial<SmsReceiverSlotInputs>,
): Promise<CheckFailure[]> {
  const { serviceName, login } = desired;
  if (isUnknown(serviceName) || isUnknown(login)) return [];
  const account = await accountOrProblem(serviceName, slotCalls(desired));
  if (typeof account === "string") return [{ property: "serviceName", reason: `serviceName: ${account}` }];
  // A user this program declares is checked by its own resource, and may only exist once up made it.
  if (login !== undefined && desired.userInPlan) return [];
  const client = getClient();
  if (login !== undefined) {
    // The users of the account, read once per operation (with the program's SmsUsers and other slots).
    const user = await liveUsers().get(serviceName, login);
    if (!user)
      return [
        {
          property: "login",
          reason:
            `login: the user ${login} does not exist on ${serviceName}: create it first (an SmsUser of this ` +
            "program, or in the control panel), or leave login out for a list of the whole account",
        },
      ];
  }
  // A slot this stack does not hold yet (new, or moved): one that holds someone else's list is refused here.
  const moved = olds.serviceName !== serviceName || olds.login !== login || olds.slotId !== desired.slotId;
  if (!moved || desired.adopt || containsUnknown(desired) || replacing().has(slotIdText(desired))) return [];
  const found = await readSlot(client, desired, desired.defaultCountry);
  if (found && !isOurs(desired, found))
    return [{ property: "slotId", reason: `slotId: ${clash(desired, found.receiver)}` }];
  return [];
}

const checkSpec: CheckSpec<SmsReceiverSlotInputs> = {
  kind: "SmsReceiverSlot",
  schema: smsReceiverSlotInputsSchema,
  identity: ["serviceName", "login", "slotId"],
  // The list becomes its hash and columns here: the state never holds it (see smsReceiverSlotModel.ts).
  normalize: compactInputs,
  preflight,
};

export async function check(olds: object, program: Record<string, unknown>) {
  const { inputs, failures } = await checkInputs(checkSpec, olds, program);
  // The engine prints the value next to a failing property: for csv that would be the whole list. The
  // reason names the field, line and column.
  const { csv: _list, ...withoutList } = inputs;
  return {
    // Protobuf refuses undefined values: a refused list is left out, not set to undefined.
    inputs: failures.length > 0 ? withoutList : inputs,
    failures: failures.map((f) =>
      f.property === "csv" && program.csv !== undefined ? { ...f, property: "" } : f,
    ),
  };
}

/** The hash up to 8 hex digits of its digest: `hmac-sha256:<key id>:1a2b3c4d…`. */
function short(hash: string | undefined): string {
  const text = hash ?? "?";
  return `${text.slice(0, text.lastIndexOf(":") + 9)}…`;
}

/** OVH's copy of the slot's list, or undefined when the slot is gone. */
async function liveListText(id: string, slot: Slot): Promise<string | undefined> {
  return getReceiverCsv(getClient(), slot.serviceName, slot.slotId, slot.login).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw failure(ref(id), "reading the live list", error);
  });
}

/**
 * Whether a recorded source hash that differs from the declared one is still the declared source, hashed
 * another way: by an earlier version (plain `sha256:`) or with another key (ovh-sms:hashKey set or changed,
 * other credentials). Then the slot is kept and only its hashes are rewritten (provider/listHash.ts).
 */
async function sameSourceOtherHash(
  id: string,
  olds: SmsReceiverSlotOutputs,
  desired: SmsReceiverSlotInputs,
): Promise<boolean> {
  if (hashedWithCurrentKey(olds.sourceHash)) return false; // same key, other hash: another list
  if (isCheckedCsv(desired.csv)) {
    const text = checkedText(desired.csv.hash);
    if (isLegacyHash(olds.sourceHash) && text !== undefined) return legacyHash(text) === olds.sourceHash;
    // Another key: only OVH's copy can tell whether the slot holds the declared list.
    const live = await liveListText(id, desired);
    return live !== undefined && contentOf(live, desired.defaultCountry).contentHash === desired.csv.hash;
  }
  if (desired.csvUrl === undefined) return false;
  if (isLegacyHash(olds.sourceHash)) return legacyHash(urlText(desired.csvUrl)) === olds.sourceHash;
  // The URL is recorded unless the program made it secret; a secret one cannot be compared: the slot is
  // replaced and OVH downloads it again.
  return olds.csvUrl === desired.csvUrl;
}

/** The list's hashes for the outputs after an update: made again when the key or the form changed. */
async function currentContent(
  id: string,
  olds: SmsReceiverSlotOutputs,
  news: SmsReceiverSlotInputs,
): Promise<Content> {
  // The diff replaces a slot whose list differs: here the declared list is the slot's.
  if (isCheckedCsv(news.csv))
    return { contentHash: news.csv.hash, sourceHash: news.csv.hash, columns: news.csv.columns };
  const sourceHash = news.sourceHash ?? olds.sourceHash;
  if (hashedWithCurrentKey(olds.contentHash)) return { ...contentFrom(olds), sourceHash };
  const live = await liveListText(id, news);
  const content = live === undefined ? contentFrom(olds) : contentOf(live, news.defaultCountry);
  return { ...content, sourceHash };
}

function contentFrom(olds: SmsReceiverSlotOutputs): Content {
  return { contentHash: olds.contentHash, sourceHash: olds.sourceHash, columns: olds.columns };
}

export async function diff(id: string, olds: SmsReceiverSlotOutputs, checked: SmsReceiverSlotInputs) {
  const { values: news, unreadable } = openFieldsLeniently(checked, `SmsReceiverSlot ${id}`);
  const moved = [
    ...(olds.serviceName !== news.serviceName ? ["serviceName"] : []),
    ...((olds.login ?? undefined) !== news.login ? ["login"] : []),
    ...(olds.slotId !== news.slotId ? ["slotId"] : []),
  ];
  // Another slot: the new one can be made before the old one goes.
  if (moved.length > 0) return { changes: true, replaces: moved };
  const { __provider: _p, ...desired } = news as SmsReceiverSlotInputs & { __provider?: unknown };
  if (containsUnknown(desired)) return { changes: true };
  const source = desired.csv !== undefined ? "csv" : "csvUrl";
  // A csvUrl sealed by another process (refresh diffs the stored inputs) compares as the recorded one.
  const sourceHash = unreadable.includes("csvUrl") ? olds.sourceHash : desired.sourceHash;
  // OVH cannot change a list in place: a new list is a new slot, and the slot id is its identity, so the
  // old one is deleted first.
  const rehash = source === olds.source && sourceHash !== olds.sourceHash;
  if (source !== olds.source || (rehash && !(await sameSourceOtherHash(id, olds, desired))))
    return {
      ...replacedInPlace(
        id,
        `the list changed (${short(olds.sourceHash)} → ${short(sourceHash)}): the slot is replaced`,
      ),
      replaces: [source],
    };
  if (rehash)
    report(
      ref(id),
      "its list hash was made by an earlier version or with another key (ovh-sms:hashKey or the " +
        "credentials changed); the list is the declared one: the hash is rewritten, nothing changes on OVH",
    );
  const live = await liveSlot(desired);
  if (!live)
    return {
      ...replacedInPlace(id, "the slot no longer exists on OVH; it will be created again"),
      replaces: [source],
    };
  // A list OVH does not re-download (autoUpdate off) changes only when someone replaced it out of band.
  if (!olds.autoUpdate && (live.records !== olds.records || live.datetime !== olds.datetime))
    return {
      ...replacedInPlace(
        id,
        "the list on OVH was replaced out of band (records or date differ); the declared list is loaded again",
      ),
      replaces: [source],
    };
  const fields = Object.keys(settingsChanges(desired, live));
  if (fields.length > 0) report(ref(id), `the live slot differs from the program in ${fields.join(", ")}`);
  const recorded =
    olds.adopt !== (desired.adopt ?? false) || olds.defaultCountry !== (desired.defaultCountry ?? null);
  const leftover = olds.leftoverDocuments ?? [];
  if (leftover.length > 0)
    report(
      ref(id),
      `the uploaded /me/document ${leftover.join(", ")} left by an earlier run will be deleted`,
    );
  return { changes: fields.length > 0 || recorded || leftover.length > 0 || rehash };
}

/**
 * Creates the /me/document the list is uploaded to. A POST whose outcome is unknown is resolved by reading
 * (lifecycle's createOnce): each attempt names its document uniquely, so the one found by that name is the
 * one this run made, and it is used instead of being left behind.
 */
async function createListDocument(client: OvhClient, id: string): Promise<Document> {
  const names = new Set<string>();
  let made: Document | undefined;
  const found = await createOnce(
    { kind: "SmsReceiverSlot", id: `${id} (the /me/document its list is uploaded to)` },
    {
      post: async () => {
        const name = `pulumi-ovh-sms ${id} ${randomUUID()}.csv`;
        names.add(name);
        made = await createDocument(client, { name });
      },
      read: async () => {
        const ids = await listDocuments(client);
        const docs = await Promise.all(
          ids.map((docId) => getDocument(client, docId).catch(notFoundAsUndefined)),
        );
        return docs.find((doc) => doc !== undefined && names.has(doc.name));
      },
      // The name is this run's own: a document that has it is ours.
      isOurs: () => true,
      adopt: false,
      conflict: "another document has this run's name",
    },
  );
  return found.how === "created" ? (made as Document) : found.live;
}

/** Uploads the canonical list through /me/document; its id is what the receivers POST names. */
async function upload(client: OvhClient, id: string, hash: string): Promise<string> {
  const text = checkedText(hash);
  if (text === undefined)
    throw new Error(
      `SmsReceiverSlot ${id}: its list was checked by another provider process and is not kept in the ` +
        "state; run the command again (each pulumi operation checks its resources itself)",
    );
  const doc = await createListDocument(client, id);
  try {
    await uploadDocument(client, doc.putUrl, text, "text/csv");
  } catch (error) {
    const left = await dropDocuments(client, id, [doc.id]);
    const also = left.length > 0 ? ` (and the document ${doc.id} holding it could not be deleted)` : "";
    throw failure(ref(id), `uploading the list${also}`, error);
  }
  return doc.id;
}

/**
 * OVH copies the list into the slot when it is created: the document is not needed afterwards, and it
 * holds the contacts. Returns those that could not be deleted (the SDK already retried each DELETE): the
 * slot records them in `leftoverDocuments`, so a later update or destroy deletes them.
 */
async function dropDocuments(client: OvhClient, id: string, documentIds: string[]): Promise<string[]> {
  const left: string[] = [];
  for (const documentId of documentIds)
    await deleteDocument(client, documentId).catch((error: unknown) => {
      if (isNotFound(error)) return;
      left.push(documentId);
      report(
        ref(id),
        `the uploaded /me/document ${documentId} could not be deleted (${messageOf(error)}); it is recorded ` +
          "in leftoverDocuments and the next pulumi up (or destroy) deletes it",
      );
    });
  return left;
}

export async function create(checked: SmsReceiverSlotInputs) {
  const inputs = openFields(checked, "SmsReceiverSlot input");
  const { serviceName, login, slotId } = inputs;
  const id = slotIdText(inputs);
  const client = getClient();
  const documentId = isCheckedCsv(inputs.csv) ? await upload(client, id, inputs.csv.hash) : undefined;
  let posted: Receiver | undefined;
  const post = () =>
    createOnce(ref(id), {
      post: async () => {
        posted = await createReceiver(
          client,
          serviceName,
          {
            slotId,
            description: inputs.description,
            autoUpdate: inputs.autoUpdate ?? false,
            ...(documentId !== undefined ? { documentId } : { csvUrl: inputs.csvUrl }),
          },
          login,
        );
      },
      read: () => readSlot(client, inputs, inputs.defaultCountry),
      isOurs: (found) => isOurs(inputs, found),
      adopt: inputs.adopt ?? false,
      conflict: clash(inputs),
    });
  let found: Awaited<ReturnType<typeof post>>;
  let leftover: string[] = [];
  try {
    found = await post();
    if (found.how === "adopted") {
      // Adopting a slot means loading the declared list into it: OVH cannot change a list in place.
      report(
        ref(id),
        `adopted: its list ("${found.live.receiver.description}") is replaced by the declared one`,
      );
      await deleteReceiver(client, serviceName, slotId, login).catch((error: unknown) => {
        throw failure(ref(id), "deleting the adopted slot's list", error);
      });
      found = await post();
    }
  } finally {
    if (documentId !== undefined) leftover = await dropDocuments(client, id, [documentId]);
  }
  const receiver = found.how === "created" ? (posted as Receiver) : found.live.receiver;
  const known = found.how === "created" ? undefined : found.live.content;
  return finish(client, inputs, id, receiver, known, leftover);
}

/** After the slot exists: the declared settings, and what its list is (read back for a csvUrl). */
async function finish(
  client: OvhClient,
  inputs: SmsReceiverSlotInputs,
  id: string,
  receiver: Receiver,
  known: Omit<Content, "sourceHash"> | undefined,
  leftover: string[],
) {
  const { serviceName, login, slotId } = inputs;
  const body = settingsChanges(inputs, receiver);
  let content = known;
  try {
    if (Object.keys(body).length > 0) await updateReceiver(client, serviceName, slotId, body, login);
    content ??= isCheckedCsv(inputs.csv)
      ? { contentHash: inputs.csv.hash, columns: inputs.csv.columns }
      : contentOf(await getReceiverCsv(client, serviceName, slotId, login), inputs.defaultCountry);
  } catch (error) {
    // Not left half-made: the next up would find a slot whose settings or list nobody recorded.
    const recorded = { contentHash: "", columns: [], ...content, sourceHash: inputs.sourceHash ?? "" };
    return undoCreate(
      ref(id),
      Object.keys(body).length > 0 ? "applying its description and autoUpdate" : "reading its list back",
      error,
      () => deleteReceiver(client, serviceName, slotId, login).catch(notFoundAsUndefined),
      recordedAs(id, toOutputs(inputs, receiver, recorded, leftover), inputs),
    );
  }
  const after = { ...receiver, ...body };
  written(inputs, after);
  const outs = toOutputs(inputs, after, { ...content, sourceHash: inputs.sourceHash ?? "" }, leftover);
  return { id, outs };
}

export async function update(id: string, olds: SmsReceiverSlotOutputs, checked: SmsReceiverSlotInputs) {
  const news = openFields(checked, `SmsReceiverSlot ${id}`);
  const { serviceName, login, slotId } = news;
  try {
    const live = (await liveSlot(news)) ?? (await getReceiver(getClient(), serviceName, slotId, login));
    const body = settingsChanges(news, live);
    if (Object.keys(body).length > 0) await updateReceiver(getClient(), serviceName, slotId, body, login);
    const after = { ...live, ...body };
    written(news, after);
    const content = await currentContent(id, olds, news);
    const leftover = await dropDocuments(getClient(), id, olds.leftoverDocuments ?? []);
    return { outs: toOutputs(news, after, content, leftover) };
  } catch (error) {
    throw failure(ref(id), "updating the slot", error);
  }
}

export async function read(id: string, props?: SmsReceiverSlotOutputs) {
  const slot = parseId(id);
  const live = await liveSlot(slot);
  if (!live) return { id: "" };
  const defaultCountry = props?.defaultCountry ?? undefined;
  const source = props?.source ?? "csv";
  let content = props ? contentFrom(props) : undefined;
  // The list is read again only when OVH says it changed: lists can be large.
  if (!content || live.records !== props?.records || live.datetime !== props.datetime) {
    const text = await liveListText(id, slot);
    if (text === undefined) return { id: "" }; // deleted meanwhile
    const now = contentOf(text, defaultCountry);
    // For an uploaded list the source is the list: a changed one shows as a change at the next diff.
    content = { ...now, sourceHash: source === "csv" ? now.contentHash : (props?.sourceHash ?? "") };
  }
  const desired: SmsReceiverSlotInputs = {
    ...slot,
    description: live.description,
    autoUpdate: live.autoUpdate,
    ...(source === "csvUrl" ? { csvUrl: props?.csvUrl ?? undefined } : { csv: "" }),
    ...(defaultCountry ? { defaultCountry } : {}),
    adopt: props?.adopt ?? false,
    ...(props?.secretInputs ? { secretInputs: props.secretInputs } : {}),
  };
  return { id, props: toOutputs(desired, live, content, props?.leftoverDocuments ?? []) };
}

export async function remove(id: string, props: SmsReceiverSlotOutputs) {
  const slot = { ...props, login: props.login ?? undefined };
  try {
    await deleteReceiver(getClient(), slot.serviceName, slot.slotId, slot.login);
  } catch (error) {
    if (!isNotFound(error)) throw failure(ref(id), "deleting the slot", error);
  }
  written(slot, undefined);
  // The documents an earlier run could not delete hold the contacts: destroy leaves none behind.
  const left = await dropDocuments(getClient(), id, props.leftoverDocuments ?? []);
  if (left.length > 0)
    throw new Error(
      `SmsReceiverSlot ${id}: the slot is deleted but its leftover /me/document ${left.join(", ")} could ` +
        "not be: run pulumi destroy again, or DELETE /me/document/{id} by hand",
    );
}

export interface SmsReceiverSlotArgs {
  /** The SMS account, e.g. `sms-ab12345-1`. Changing it replaces the slot. */
  serviceName: pulumi.Input<string>;
  /** A user of the account: the list is that user's. Absent: the account's. Changing it replaces the slot. */
  login?: pulumi.Input<string>;
  /** 1 to 9: OVH's slot number, the list's identity. Changing it replaces the slot. */
  slotId: pulumi.Input<number>;
  /** 1 to 40 characters (required by OVH). Updated in place. */
  description: pulumi.Input<string>;
  /** OVH downloads `csvUrl` again before each send. Only with `csvUrl`. Updated in place. */
  autoUpdate?: pulumi.Input<boolean>;
  /** A URL OVH downloads the list from (exactly one of `csvUrl` and `csv`). A new URL replaces the slot. */
  csvUrl?: pulumi.Input<string>;
  /**
   * The list itself, checked locally and uploaded (exactly one of `csvUrl` and `csv`): `;`-separated CSV
   * text with a `number` column, or records (`[{ number: "+33612345678", firstname: "Ada" }]`). Cells are
   * trimmed and numbers made international. A new list replaces the slot; the state keeps only its hash.
   */
  csv?: pulumi.Input<string | pulumi.Input<CsvRecord>[]>;
  /** The country of national numbers in the list (`0662000000` in FR is `+33662000000`). */
  defaultCountry?: pulumi.Input<SmsCountry>;
  /** Take over a slot that already holds a list: the declared list replaces it. */
  adopt?: pulumi.Input<boolean>;
}

export class SmsReceiverSlot extends pulumi.dynamic.Resource {
  declare readonly serviceName: pulumi.Output<string>;
  declare readonly login: pulumi.Output<string | null>;
  declare readonly slotId: pulumi.Output<number>;
  declare readonly description: pulumi.Output<string>;
  declare readonly autoUpdate: pulumi.Output<boolean>;
  declare readonly source: pulumi.Output<"csv" | "csvUrl">;
  declare readonly csvUrl: pulumi.Output<string | null>;
  declare readonly defaultCountry: pulumi.Output<SmsCountry | null>;
  /** `hmac-sha256:<key id>:<hex>` of the list in canonical form, keyed (see the README). */
  declare readonly contentHash: pulumi.Output<string>;
  declare readonly sourceHash: pulumi.Output<string>;
  /** The list's columns: the mail-merge fields (`#firstname#`) a message to this slot may use. */
  declare readonly columns: pulumi.Output<string[]>;
  declare readonly records: pulumi.Output<number>;
  declare readonly datetime: pulumi.Output<string>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** Uploaded /me/document ids that could not be deleted yet: the next update or destroy deletes them. */
  declare readonly leftoverDocuments: pulumi.Output<string[]>;

  constructor(name: string, args: SmsReceiverSlotArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { source: undefined, contentHash: undefined, sourceHash: undefined, columns: undefined };
    const more = {
      records: undefined,
      datetime: undefined,
      login: undefined,
      autoUpdate: undefined,
      leftoverDocuments: undefined,
    };
    const slot =
      typeof args.slotId === "number" ? String(args.slotId) : pulumi.output(args.slotId).apply(String);
    const parts = args.login === undefined ? [args.serviceName, slot] : [args.serviceName, args.login, slot];
    const serviceName = claimed("SmsReceiverSlot", name, parts, args.serviceName);
    // A user the program declares may not exist at preview: the slot's check then leaves it to SmsUser.
    const userInPlan =
      args.login === undefined
        ? undefined
        : pulumi
            .all([args.serviceName, args.login])
            .apply(([service, login]) => isClaimed("SmsUser", [service, login]));
    const props = {
      ...outputs,
      ...more,
      csvUrl: undefined,
      defaultCountry: undefined,
      adopt: undefined,
      ...args,
      serviceName,
      userInPlan,
      // The list is never an output (the state keeps its hash), so it need not be named.
      secretInputs: secretInputNames({ ...args, csv: undefined }),
    };
    super(smsReceiverSlotProvider, name, props, opts, "ovh-sms", "SmsReceiverSlot");
  }
}
