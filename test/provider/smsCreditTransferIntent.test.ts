/**
 * The records credit transfers leave before they move money (smsCreditTransferIntent.ts before a transfer,
 * reversalMarker.ts before a move back), against a real emulator over HTTPS.
 */
import { describe, expect, it } from "vitest";
import { createDocument, listDocuments } from "../../sdk";
import { findMarker, leaveMarker, removeMarker } from "../../provider/reversalMarker";
import * as intent from "../../provider/smsCreditTransferIntent";
import * as smsUser from "../../provider/smsUser";
import { SN, SN2, useProviderEmulator } from "./helpers";

const fx = useProviderEmulator();
const { client } = fx;

const monthly = { from: SN, to: SN2, credits: 300, triggers: ["2026-12"] };

describe("SmsCreditTransferIntent", () => {
  it("records both accounts' credits, free plus held by quotas, and moves nothing", async () => {
    await smsUser.create({ serviceName: SN, login: "alice", password: "Abcd1234", quota: { credits: 100 } });
    await smsUser.create({ serviceName: SN2, login: "bob", password: "Abcd1234", quota: { credits: 40 } });
    fx.emulator.control.clearRequests();
    const { id, outs } = await intent.create(monthly);
    expect(outs).toMatchObject({ ...monthly, intent: { fromTotal: 1000, toTotal: 100 } });
    expect(id).toBe(`${SN}/${SN2}/${outs.intent.at}`);
    expect(fx.calls().sort()).toEqual([`GET /sms/${SN}`, `GET /sms/${SN2}`]);
  });

  it("names the transfer when the balances cannot be read", async () => {
    await expect(intent.create({ ...monthly, to: "sms-zz00000-1" })).rejects.toThrow(
      `SmsCreditTransfer ${SN} → sms-zz00000-1: reading the balances before the transfer failed`,
    );
  });

  it("is replaced exactly when the transfer is: new triggers, accounts or credits", async () => {
    const { id, outs } = await intent.create(monthly);
    expect(await intent.diff(id, outs, monthly)).toEqual({ changes: false });
    for (const change of [{ triggers: ["2027-01"] }, { credits: 200 }, { to: SN }, { from: SN2 }])
      expect(await intent.diff(id, outs, { ...monthly, ...change })).toEqual({
        changes: true,
        replaces: ["triggers"],
      });
    expect(await intent.read(id, outs)).toEqual({ id, props: outs });
    expect(await intent.update(id, outs, monthly)).toEqual({ outs });
    expect(await intent.check({}, { ...monthly, __provider: "shim" })).toEqual({
      inputs: { ...monthly, __provider: "shim" },
      failures: [],
    });
  });
});

describe("the record of a move back (reverseOnDelete)", () => {
  it("is found by its transfer's id only, with the credits it recorded", async () => {
    await createDocument(client(), { name: "invoice.pdf" });
    await createDocument(client(), { name: `pulumi-ovh-sms reverse ${SN}/${SN2}/other 1 2` });
    expect(await findMarker(client(), `${SN}/${SN2}/t1`)).toBeUndefined();
    const documentId = await leaveMarker(client(), `${SN}/${SN2}/t1`, [700, 400]);
    expect(await findMarker(client(), `${SN}/${SN2}/t1`)).toEqual({
      documentId,
      fromTotal: 700,
      toTotal: 400,
    });
    expect(await removeMarker(client(), documentId)).toBe(true);
    expect(await findMarker(client(), `${SN}/${SN2}/t1`)).toBeUndefined();
    expect(await removeMarker(client(), documentId)).toBe(true); // already gone
    expect((await listDocuments(client())).length).toBe(2);
  });
});
