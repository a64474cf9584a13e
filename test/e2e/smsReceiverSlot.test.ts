/**
 * SmsReceiverSlot under the real Pulumi engine: a list on the account and one on a user the same program
 * declares, a no-op preview, a new list that replaces the slot (deleted first), a description updated in
 * place, no list text in the state or the preview, and destroy. Steps build on each other, in order.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getReceiver, getReceiverCsv, listReceivers } from "../../sdk";
import type { SmsReceiverSlotArgs } from "../../provider";
import { apiCalls, previewSteps, SERVICE_A, sms, startPulumi, type PulumiRun } from "./harness";

// The API cookbook's contacts.csv: spaces around the separators, French national numbers.
const COOKBOOK = [
  "number ;lastname ;firstname ;address",
  "0662000000 ;Dupont ;Jean ;1 rue de la Paix Paris",
  "0662000001 ;Martin ;Marie ;2 avenue Foch Lyon",
].join("\n");

const NORMALIZED =
  "number;lastname;firstname;address\n+33662000000;Dupont;Jean;1 rue de la Paix Paris\n" +
  "+33662000001;Martin;Marie;2 avenue Foch Lyon\n";
const TEAM_NORMALIZED = "number;name\n+447911123456;Ann\n";

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

let contacts: SmsReceiverSlotArgs = {
  serviceName: SERVICE_A,
  slotId: 1,
  description: "customers",
  csv: COOKBOOK,
  defaultCountry: "FR",
};
let run: PulumiRun;

const program = async () => {
  new sms.SmsReceiverSlot("contacts", contacts);
  // A user's list, the user made by the same program: preview must not refuse a login that up makes.
  const agent = new sms.SmsUser("agent", { serviceName: SERVICE_A, login: "agent", password: "Agent123" });
  const team = new sms.SmsReceiverSlot(
    "team",
    {
      serviceName: SERVICE_A,
      login: "agent",
      slotId: 1,
      description: "team",
      csv: [{ number: "+447911123456", name: "Ann" }],
    },
    { dependsOn: [agent] },
  );
  return { columns: team.columns };
};

beforeAll(async () => {
  run = await startPulumi({ program });
});
afterAll(() => run?.close());

describe("SmsReceiverSlot under the Pulumi engine", () => {
  it("previews and creates both lists, normalized, with their columns as outputs", async () => {
    // The engine checks resources in any order.
    const steps = (await previewSteps(run)).map((s) => `${s.op} ${s.name}`).sort();
    expect(steps).toEqual(["create agent", "create contacts", "create team"]);
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 4 });
    expect(result.outputs.columns?.value).toEqual(["number", "name"]); // number first, whatever the key order
    expect(await getReceiverCsv(run.client, SERVICE_A, 1)).toBe(NORMALIZED);
    expect(await getReceiverCsv(run.client, SERVICE_A, 1, "agent")).toBe(TEAM_NORMALIZED);
    expect(await listReceivers(run.client, SERVICE_A, "agent")).toEqual([1]);
  });

  it("previews no change on a second run", async () => {
    expect(await previewSteps(run)).toEqual([]);
  });

  it("keeps no list text in the state: its keyed hash and columns only", async () => {
    const state = await run.cli("stack", "export");
    expect(state).toContain('"contentHash": "hmac-sha256:');
    expect(state).toContain('"lastname"');
    for (const text of ["Dupont", "0662000000", "+33662000000", "Ann", "+447911123456"])
      expect(state).not.toContain(text);
    // A plain hash of the list would let anyone holding the state confirm a guessed list.
    for (const list of [NORMALIZED, TEAM_NORMALIZED]) expect(state).not.toContain(sha256Hex(list));
  });

  it("replaces the slot, deleting it first, when the list changes; the preview shows no list text", async () => {
    contacts = { ...contacts, csv: `${COOKBOOK}\n0662000002 ;Durand ;Paul ;Nice` };
    const preview = await run.cli("preview", "--diff");
    expect(preview).toMatch(/contacts/);
    expect(preview).not.toMatch(/Durand|0662000002/);
    expect(preview).toMatch(/hmac-sha256:/);
    const longer = `${NORMALIZED}+33662000002;Durand;Paul;Nice\n`;
    for (const list of [NORMALIZED, longer, TEAM_NORMALIZED]) expect(preview).not.toContain(sha256Hex(list));
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1, same: 3 });
    const calls = apiCalls(run).filter((c) => !c.startsWith("GET"));
    expect(calls).toEqual([`DELETE /sms/${SERVICE_A}/receivers/1`, `POST /sms/${SERVICE_A}/receivers`]);
    expect((await getReceiver(run.client, SERVICE_A, 1)).records).toBe(3);
  });

  it("updates the description in place", async () => {
    contacts = { ...contacts, description: "all customers" };
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(apiCalls(run).filter((c) => !c.startsWith("GET"))).toEqual([`PUT /sms/${SERVICE_A}/receivers/1`]);
    expect(await getReceiver(run.client, SERVICE_A, 1)).toMatchObject({
      description: "all customers",
      records: 3,
    });
  });

  it("destroys the slots", async () => {
    await run.stack.destroy();
    expect(await listReceivers(run.client, SERVICE_A)).toEqual([]);
  });
});
