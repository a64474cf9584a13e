/**
 * SmsReceiverSlot's provider functions called directly (no engine) against a real emulator over HTTPS.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDocument,
  createReceiver,
  createUser,
  deleteReceiver,
  getReceiver,
  getReceiverCsv,
  listDocuments,
  listReceivers,
  updateReceiver,
  uploadDocument,
} from "../../sdk";
import * as slots from "../../provider/smsReceiverSlot";
import { listHash } from "../../provider/listHash";
import { configure, startNewOperation } from "../../provider/config";
import { AK, AS, CK, SN, useProviderEmulator } from "./helpers";

const fx = useProviderEmulator();
const { calls, newOperation, client } = fx;

// The API cookbook's contacts.csv: spaces around the separators, French national numbers.
const COOKBOOK = [
  "number ;lastname ;firstname ;address",
  "0662000000 ;Dupont ;Jean ;1 rue de la Paix Paris",
  "0662000001 ;Martin ;Marie ;2 avenue Foch Lyon",
  "",
].join("\n");
const COOKBOOK_NORMALIZED = [
  "number;lastname;firstname;address",
  "+33662000000;Dupont;Jean;1 rue de la Paix Paris",
  "+33662000001;Martin;Marie;2 avenue Foch Lyon",
  "",
].join("\n");

const contacts = {
  serviceName: SN,
  slotId: 1,
  description: "customers",
  csv: COOKBOOK,
  defaultCountry: "FR",
};

/** Every call the emulator saw (document uploads included), as "METHOD /path" without /1.0. */
function allCalls(): string[] {
  return fx.emulator.control
    .requests()
    .map((r) => `${r.method} ${r.path.replace(/^\/1\.0/, "")}`)
    .filter((c) => !c.startsWith("GET /auth/"));
}

async function checked(inputs: Record<string, unknown>, olds: object = {}) {
  const result = await slots.check(olds, { ...inputs, __provider: "shim" });
  return { ...result, inputs: result.inputs as slots.SmsReceiverSlotInputs };
}

/** Checked inputs that must pass. */
async function valid(inputs: Record<string, unknown>, olds: object = {}) {
  const { inputs: news, failures } = await checked(inputs, olds);
  expect(failures).toEqual([]);
  return news;
}

async function made(inputs: Record<string, unknown> = contacts) {
  const news = await valid(inputs);
  fx.emulator.control.clearRequests();
  const { id, outs } = await slots.create(news);
  return { id, outs: outs as slots.SmsReceiverSlotOutputs, news };
}

/** A slot made by hand through the document flow, as the control panel does. */
async function byHand(csv: string, slotId = 1, description = "by hand"): Promise<void> {
  const doc = await createDocument(client(), { name: "list.csv" });
  await uploadDocument(client(), doc.putUrl, csv);
  await createReceiver(client(), SN, { slotId, description, autoUpdate: false, documentId: doc.id });
}

let csvServer: http.Server;
let csvBase: string;
beforeAll(async () => {
  csvServer = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/csv" });
    res.end(req.url === "/b.csv" ? "number;name\n+33662000002;B\n" : "number;city\n+33662000000;Paris\n");
  });
  await new Promise<void>((resolve) => csvServer.listen(0, "127.0.0.1", resolve));
  csvBase = `http://127.0.0.1:${(csvServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => csvServer.close(resolve)));

describe("check", () => {
  it.each([
    [{ slotId: 0 }, "slotId", "slotId must be from 1 to 9"],
    [{ slotId: 10 }, "slotId", "slotId must be from 1 to 9"],
    [{ slotId: 1.5 }, "slotId", "slotId must be a whole number"],
    [{ description: "" }, "description", "description is required by OVH"],
    [{ description: "x".repeat(41) }, "description", "description must be at most 40 characters"],
    [{ login: "a/b" }, "login", "login must be 1 to 40 letters"],
    [{ csv: undefined }, "csv", "csv or csvUrl is required"],
    [{ csvUrl: "https://example.com/list.csv" }, "csvUrl", "csvUrl cannot be given with csv"],
    [{ autoUpdate: true }, "autoUpdate", "autoUpdate works only with csvUrl"],
    [{ defaultCountry: "US" }, "defaultCountry", "defaultCountry must be one of"],
    [{ records: 3 }, "records", "records is not an input of SmsReceiverSlot"],
    // The list's own problems name the field, the line and the column; no value is printed with them.
    [{ csv: "name;phone\nAda;+33662000000\n" }, "", 'csv needs a column named "number"'],
    [{ csv: "Number;name\n+33662000000;Ada\n" }, "", 'csv needs a column named "number"'],
    [
      { csv: "number;name\n+33662000000;Ada\n0612;Bob\n" },
      "",
      "csv line 3, column 1 (number): 0612 is not a valid phone number in FR",
    ],
    [
      { csv: "name ; number\nAda ; 0662000000\n", defaultCountry: undefined },
      "",
      "csv line 2, column 2 (number): 0662000000 is a national number",
    ],
    [
      { csv: "number;name\n+33662000000;H\u00e9l\u00e8ne\n" },
      "",
      'csv line 2, column 2 (name): "H\u00e9l\u00e8ne" contains "\u00e9"',
    ],
    [{ csv: "number;name\n+33662000000;Ada;extra\n" }, "", "csv is not a valid ;-separated CSV"],
    [{ csv: "number;name\n" }, "", "csv has no receiver"],
    [
      { csv: [{ number: "+33662000000" }, { number: "12", name: "Bob" }] },
      "",
      "csv[1].number 12 is not a valid phone number",
    ],
    [{ csv: [] }, "", "csv needs at least one record"],
  ])("refuses %j on property %j: %s", async (change, property, reason) => {
    const { failures, inputs } = await checked({ ...contacts, ...change });
    expect(failures.map((f) => f.reason)).toEqual([expect.stringMatching(/./)]);
    expect(failures[0]?.property).toBe(property);
    expect(failures[0]?.reason.startsWith(reason)).toBe(true);
    expect(JSON.stringify(inputs)).not.toContain("Ada"); // a refused list is not handed back either
    expect(allCalls()).toEqual([]);
  });

  it("accepts the cookbook's contacts.csv: the checked inputs hold its hash and columns, not the list", async () => {
    const { inputs, failures } = await checked(contacts);
    expect(failures).toEqual([]);
    expect(inputs.csv).toEqual({
      hash: listHash(COOKBOOK_NORMALIZED),
      columns: ["number", "lastname", "firstname", "address"],
      records: 2,
    });
    expect(inputs.sourceHash).toBe(listHash(COOKBOOK_NORMALIZED));
    expect(JSON.stringify(inputs)).not.toContain("Dupont");
    // The account, and whether the slot is free (it is).
    expect(calls()).toEqual([`GET /sms/${SN}`, `GET /sms/${SN}/receivers/1`]);
  });

  it("builds the list from records: number first, then the other columns in alphabetical order", async () => {
    const records = [
      { lastname: "Dupont", number: "0662000000", firstname: "Jean" },
      { number: "+33662000001", lastname: " Martin", firstname: "Marie" },
    ];
    const { inputs } = await checked({ ...contacts, csv: records });
    const text = "number;firstname;lastname\n+33662000000;Jean;Dupont\n+33662000001;Marie;Martin\n";
    expect(inputs.csv).toEqual({
      hash: listHash(text),
      columns: ["number", "firstname", "lastname"],
      records: 2,
    });
  });

  it("refuses at preview an account that does not exist and a user that does not", async () => {
    const account = await checked({ ...contacts, serviceName: "sms-zz00000-1" });
    expect(account.failures[0]).toMatchObject({ property: "serviceName" });
    expect(account.failures[0]?.reason).toContain("the SMS account sms-zz00000-1 does not exist");
    const user = await checked({ ...contacts, login: "ghost" });
    expect(user.failures).toEqual([
      {
        property: "login",
        reason: expect.stringContaining(`login: the user ghost does not exist on ${SN}: create it first`),
      },
    ]);
    // A user an SmsUser of the program declares may not exist yet: its own check covers it.
    expect((await checked({ ...contacts, login: "ghost", userInPlan: true })).failures).toEqual([]);
  });

  it("refuses at preview a slot that holds someone else's list, unless adopt is set", async () => {
    await byHand("number\n+33662000009\n");
    const { failures } = await checked(contacts);
    expect(failures[0]).toMatchObject({ property: "slotId" });
    expect(failures[0]?.reason).toContain(
      `slotId: slot 1 of ${SN} already holds another list ("by hand", 1 records)`,
    );
    expect((await checked({ ...contacts, adopt: true })).failures).toEqual([]);
  });
});

/** What versions before keyed hashes stored: the plain SHA-256 of the list (of `csvUrl <url>` for a URL). */
function plainSha256(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/** A new engine operation whose stack config also sets ovh-sms:hashKey. */
function operationWithHashKey(hashKey: string): void {
  const config: Record<string, string> = {
    "ovh:endpoint": fx.emulator.endpoint,
    "ovh:applicationKey": AK,
    "ovh:applicationSecret": AS,
    "ovh:consumerKey": CK,
    "ovh-sms:hashKey": hashKey,
  };
  startNewOperation();
  void configure({ config: { get: (key) => config[key] } });
}

describe("list hashes", () => {
  it("stores keyed hashes only: the state cannot confirm a guessed list", async () => {
    const { outs, news } = await made();
    const plain = plainSha256(COOKBOOK_NORMALIZED);
    const stored = JSON.stringify({ outs, news });
    expect(stored).not.toContain(plain.slice("sha256:".length));
    expect(outs.contentHash).toMatch(/^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$/);
    expect(outs.sourceHash).toBe(outs.contentHash);
    // Another key, another hash of the same list.
    operationWithHashKey("another key");
    expect((await valid(contacts, news)).sourceHash).not.toBe(outs.sourceHash);
  });

  it("takes a state of an earlier version (plain sha256) without replacing: one update rewrites it", async () => {
    const { id, outs, news } = await made();
    const plain = plainSha256(COOKBOOK_NORMALIZED);
    const old = { ...outs, contentHash: plain, sourceHash: plain };
    delete (old as Partial<typeof old>).leftoverDocuments;
    newOperation();
    const checkedAgain = await valid(contacts, news);
    fx.emulator.control.clearRequests();
    expect(await slots.diff(id, old, checkedAgain)).toEqual({ changes: true });
    const { outs: after } = await slots.update(id, old, checkedAgain);
    expect(after).toMatchObject({ contentHash: outs.contentHash, sourceHash: outs.sourceHash });
    expect(calls().filter((c) => !c.startsWith("GET"))).toEqual([]); // nothing changes on OVH
    // A list that differs from the old hash is still replaced.
    const longer = await valid({ ...contacts, csv: `${COOKBOOK}0662000002;Durand;Paul;Nice\n` }, news);
    expect(await slots.diff(id, old, longer)).toMatchObject({ replaces: ["csv"] });
  });

  it("rehashes, without replacing, a list hashed with another key when the live list is the declared one", async () => {
    const { id, outs } = await made();
    operationWithHashKey("a key of the stack config");
    const rekeyed = await valid(contacts);
    expect(await slots.diff(id, outs, rekeyed)).toEqual({ changes: true });
    const { outs: after } = await slots.update(id, outs, rekeyed);
    expect(after).toMatchObject({ contentHash: rekeyed.sourceHash, sourceHash: rekeyed.sourceHash });
    // With the new key recorded, the same list is no change; a list changed on OVH is loaded again.
    operationWithHashKey("a key of the stack config");
    expect(await slots.diff(id, after as slots.SmsReceiverSlotOutputs, rekeyed)).toEqual({ changes: false });
    await deleteReceiver(client(), SN, 1);
    await byHand("number\n+33662000009\n", 1, "customers");
    operationWithHashKey("yet another key");
    expect(await slots.diff(id, outs, await valid(contacts, rekeyed))).toMatchObject({ replaces: ["csv"] });
  });
});

describe("lifecycle", () => {
  it("uploads the normalized list through /me/document and creates the slot with one POST", async () => {
    const { id, outs } = await made();
    expect(id).toBe(`${SN}/receivers/1`);
    const document = allCalls()
      .find((c) => c.startsWith("PUT /_emulator/documents/"))
      ?.split("/")
      .pop();
    expect(allCalls()).toEqual([
      "POST /me/document",
      `PUT /_emulator/documents/${document}`,
      `POST /sms/${SN}/receivers`,
      `DELETE /me/document/${document}`,
    ]);
    expect(await getReceiverCsv(client(), SN, 1)).toBe(COOKBOOK_NORMALIZED);
    expect(outs).toMatchObject({
      slotId: 1,
      login: null,
      description: "customers",
      autoUpdate: false,
      source: "csv",
      records: 2,
      columns: ["number", "lastname", "firstname", "address"],
      contentHash: listHash(COOKBOOK_NORMALIZED),
      datetime: expect.stringMatching(/^\d{4}-/),
    });
    expect(JSON.stringify(outs)).not.toMatch(/Dupont|0662000000/);
  });

  it("replaces the slot, deleting first, when the list changes, not when only its spacing does", async () => {
    const { id, outs, news } = await made();
    newOperation();
    const respaced = await valid({ ...contacts, csv: COOKBOOK.replace(/ ;/g, "; ") }, news);
    expect(await slots.diff(id, outs, respaced)).toEqual({ changes: false });
    const longer = await valid({ ...contacts, csv: `${COOKBOOK}0662000002;Durand;Paul;Nice\n` }, news);
    expect(await slots.diff(id, outs, longer)).toEqual({
      changes: true,
      replaces: ["csv"],
      deleteBeforeReplace: true,
    });
    // Another slot is another object: made before the old one goes.
    expect(await slots.diff(id, outs, { ...respaced, slotId: 2 })).toEqual({
      changes: true,
      replaces: ["slotId"],
    });
  });

  it("updates description and autoUpdate in place, and repairs drift with one PUT", async () => {
    const { id, outs, news } = await made();
    newOperation();
    const renamed = await valid({ ...contacts, description: "clients" }, news);
    fx.emulator.control.clearRequests();
    expect(await slots.diff(id, outs, renamed)).toEqual({ changes: true });
    const { outs: after } = await slots.update(id, outs, renamed);
    expect(calls()).toEqual([`GET /sms/${SN}/receivers/1`, `PUT /sms/${SN}/receivers/1`]);
    expect(after).toMatchObject({ description: "clients", contentHash: outs.contentHash, records: 2 });
    expect((await getReceiver(client(), SN, 1)).description).toBe("clients");

    await updateReceiver(client(), SN, 1, { description: "changed by hand" });
    newOperation();
    expect(await slots.diff(id, after as slots.SmsReceiverSlotOutputs, renamed)).toEqual({ changes: true });
  });

  it("recreates a slot deleted or reloaded out of band", async () => {
    const { id, outs, news } = await made();
    await deleteReceiver(client(), SN, 1);
    await byHand("number\n+33662000009\n");
    newOperation();
    expect(await slots.diff(id, outs, news)).toEqual({
      changes: true,
      replaces: ["csv"],
      deleteBeforeReplace: true,
    });
    await deleteReceiver(client(), SN, 1);
    newOperation();
    expect(await slots.diff(id, outs, news)).toEqual({
      changes: true,
      replaces: ["csv"],
      deleteBeforeReplace: true,
    });
  });

  it("reads the slot (and its list only when OVH says it changed), and deletes it", async () => {
    const { id, outs } = await made();
    newOperation();
    fx.emulator.control.clearRequests();
    expect(await slots.read(id, outs)).toEqual({ id, props: outs });
    expect(calls()).toEqual([`GET /sms/${SN}/receivers/1`]);

    await deleteReceiver(client(), SN, 1);
    await byHand("number;name\n+33662000009;Zoe\n", 1, "customers");
    newOperation();
    const { props } = await slots.read(id, outs);
    expect(props).toMatchObject({ records: 1, columns: ["number", "name"] });
    expect(props?.sourceHash).not.toBe(outs.sourceHash); // the next diff replaces it with the declared list

    await slots.remove(id, outs);
    expect(await listReceivers(client(), SN)).toEqual([]);
    expect(await slots.read(id, outs)).toEqual({ id: "" });
    await slots.remove(id, outs); // already gone: not an error
  });

  it("resolves a POST applied but never answered by reading the slot and hashing its list", async () => {
    const inputs = await valid(contacts);
    fx.emulator.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/receivers" } });
    fx.emulator.control.clearRequests();
    const { outs } = await slots.create(inputs);
    expect(outs).toMatchObject({ records: 2, contentHash: listHash(COOKBOOK_NORMALIZED) });
    expect(calls()).toEqual([
      `POST /sms/${SN}/receivers`,
      `GET /sms/${SN}/receivers/1`,
      `GET /sms/${SN}/receivers/1/csv`,
    ]);
    expect(await listReceivers(client(), SN)).toEqual([1]);
  });

  it("resolves a /me/document POST applied but never answered by finding the document by its name", async () => {
    const inputs = await valid(contacts);
    fx.emulator.control.setFaults({ dropAfterApply: { method: "POST", path: "/me/document" } });
    fx.emulator.control.clearRequests();
    const { outs } = await slots.create(inputs);
    expect(outs).toMatchObject({ records: 2 });
    const document = allCalls()
      .find((c) => c.startsWith("PUT /_emulator/documents/"))
      ?.split("/")
      .pop();
    // One document made (the dropped POST), found by its name, used, then deleted: nothing left behind.
    expect(allCalls()).toEqual([
      "POST /me/document",
      "GET /me/document",
      `GET /me/document/${document}`,
      `PUT /_emulator/documents/${document}`,
      `POST /sms/${SN}/receivers`,
      `DELETE /me/document/${document}`,
    ]);
    expect(await listDocuments(client())).toEqual([]);
    expect(await getReceiverCsv(client(), SN, 1)).toBe(COOKBOOK_NORMALIZED);
  });

  it("records a document it could not delete, and deletes it at the next update or at destroy", async () => {
    const failDeletes = () =>
      fx.emulator.control.setFaults({
        errorRate: 1,
        match: { method: "DELETE", path: "/me/document/*" },
      });
    failDeletes();
    const { id, outs, news } = await made();
    const [left] = await listDocuments(client());
    expect(outs.leftoverDocuments).toEqual([left]);
    fx.emulator.control.setFaults({});
    newOperation();
    // The next run deletes it: diff asks for an update (no change on OVH's slot), update deletes it.
    expect(await slots.diff(id, outs, news)).toEqual({ changes: true });
    const { outs: after } = await slots.update(id, outs, news);
    expect(after).toMatchObject({ leftoverDocuments: [] });
    expect(await listDocuments(client())).toEqual([]);
    newOperation();
    expect(await slots.diff(id, after as slots.SmsReceiverSlotOutputs, news)).toEqual({ changes: false });

    // Destroy deletes the slot's leftovers too.
    await slots.remove(id, after as slots.SmsReceiverSlotOutputs);
    failDeletes();
    const again = await made();
    expect(again.outs.leftoverDocuments).toHaveLength(1);
    fx.emulator.control.setFaults({});
    newOperation();
    await slots.remove(again.id, again.outs);
    expect(await listDocuments(client())).toEqual([]);
    expect(await listReceivers(client(), SN)).toEqual([]);
  });

  it("takes over an interrupted run's slot with the same list, refuses another list unless adopt", async () => {
    await byHand(COOKBOOK_NORMALIZED, 1, "customers");
    const { outs } = await made();
    expect(outs).toMatchObject({ records: 2, description: "customers" });

    await byHand("number\n+33662000009\n", 2);
    const other = await valid({ ...contacts, slotId: 3 });
    await expect(slots.create({ ...other, slotId: 2 })).rejects.toThrow(
      `SmsReceiverSlot ${SN}/receivers/2: slot 2 of ${SN} already holds another list that this program did not make`,
    );
    const adopted = await slots.create({ ...other, slotId: 2, adopt: true });
    expect(adopted.outs).toMatchObject({ records: 2, adopt: true, description: "customers" });
    expect(await getReceiverCsv(client(), SN, 2)).toBe(COOKBOOK_NORMALIZED);
  });

  it("makes a user's slot under the user's path", async () => {
    await createUser(client(), SN, { login: "agent", password: "Agent123" });
    const { id } = await made({ ...contacts, login: "agent" });
    expect(id).toBe(`${SN}/users/agent/receivers/1`);
    expect(calls()).toContain(`POST /sms/${SN}/users/agent/receivers`);
    expect(await listReceivers(client(), SN, "agent")).toEqual([1]);
    expect(await listReceivers(client(), SN)).toEqual([]);
  });

  it("lets OVH download a csvUrl, reads the list back for its columns, and replaces on a new URL", async () => {
    const { csv: _c, ...rest } = contacts;
    const fromUrl = { ...rest, csvUrl: `${csvBase}/a.csv`, autoUpdate: true };
    const { id, outs, news } = await made(fromUrl);
    expect(calls().slice(-2)).toEqual([`POST /sms/${SN}/receivers`, `GET /sms/${SN}/receivers/1/csv`]);
    expect(outs).toMatchObject({
      source: "csvUrl",
      autoUpdate: true,
      columns: ["number", "city"],
      records: 1,
    });
    newOperation();
    const same = await valid(fromUrl, news);
    expect(await slots.diff(id, outs, same)).toEqual({ changes: false });
    const moved = await valid({ ...fromUrl, csvUrl: `${csvBase}/b.csv` }, news);
    expect(await slots.diff(id, outs, moved)).toMatchObject({
      replaces: ["csvUrl"],
      deleteBeforeReplace: true,
    });
  });
});
