/**
 * SmsCreditTransfer's provider functions called directly (no engine) against a real emulator over HTTPS.
 * Credits are money: every test checks what moved, not only what was answered.
 */
import { describe, expect, it } from "vitest";
import { getAccount, listDocuments } from "../../sdk";
import * as transfer from "../../provider/smsCreditTransfer";
import { leaveMarker } from "../../provider/reversalMarker";
import * as intent from "../../provider/smsCreditTransferIntent";
import * as smsUser from "../../provider/smsUser";
import { SN, SN2, useProviderEmulator } from "./helpers";

const fx = useProviderEmulator();
const { calls, newOperation, client } = fx;

const monthly: transfer.SmsCreditTransferInputs = { from: SN, to: SN2, credits: 300, triggers: ["2026-12"] };
const news = (inputs: Record<string, unknown>) => ({ ...inputs, __provider: "shim" });

async function free(): Promise<[number, number]> {
  const [a, b] = await Promise.all([getAccount(client(), SN), getAccount(client(), SN2)]);
  return [a.creditsLeft, b.creditsLeft];
}

function posts(): string[] {
  return calls().filter((c) => c.startsWith("POST"));
}

async function captured(run: () => Promise<unknown>): Promise<string> {
  let shown = "";
  const original = console.error;
  console.error = (text: string) => (shown += `${text}\n`);
  try {
    await run();
  } finally {
    console.error = original;
  }
  return shown;
}

describe("check", () => {
  it.each([
    [{ to: SN }, "to", "to: must be another SMS account than from"],
    [{ credits: 0 }, "credits", "credits must be more than 0"],
    [{ credits: -5 }, "credits", "credits must be more than 0"],
    [{ credits: 1.234 }, "credits", "credits must have at most 2 decimals"],
    [{ credits: "10" }, "credits", "credits must be"],
    [{ from: "master" }, "from", "from must be an SMS service name"],
    [{ triggers: "2026-12" }, "triggers", "triggers must be"],
  ])("refuses %j on property %j: %s", async (change, property, reason) => {
    const { failures } = await transfer.check({}, news({ ...monthly, ...change }));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe(property);
    expect(failures[0]?.reason.startsWith(reason)).toBe(true);
    expect(calls()).toEqual([]);
  });

  it("says at preview what will move, reading both accounts", async () => {
    let result: Awaited<ReturnType<typeof transfer.check>> | undefined;
    const shown = await captured(async () => (result = await transfer.check({}, news(monthly))));
    expect(result?.failures).toEqual([]);
    expect(shown).toContain(`SmsCreditTransfer ${SN} → ${SN2}: will move 300 credits from ${SN} to ${SN2}`);
    expect(calls().sort()).toEqual([`GET /sms/${SN}`, `GET /sms/${SN2}`]);
  });

  it("refuses more than the source's free credits, summed with the plan's quotas on it", async () => {
    const alice = { serviceName: SN, login: "alice", password: "Abcd1234", quota: { credits: 800 } };
    expect((await smsUser.check({}, news(alice))).failures).toEqual([]);
    const { failures } = await transfer.check({}, news(monthly));
    expect(failures).toEqual([
      {
        property: "credits",
        reason:
          `credits: the quotas and transfers this plan sets on ${SN} take at least 1100 credits from the ` +
          `account (alice 800, transfer to ${SN2} ["2026-12"] 300, counting the resources checked so far) ` +
          `but only 1000 are free: lower the quotas and ` +
          `transfers, transfer credits to ${SN}, or buy credits`,
      },
    ]);
  });

  it("counts what the plan transfers in for the target's quotas", async () => {
    const bob = { serviceName: SN2, login: "bob", password: "Abcd1234", quota: { credits: 350 } };
    // SN2 has 100 free: 350 fit only with the 300 the plan moves there first.
    expect((await smsUser.check({}, news(bob))).failures[0]?.reason).toContain("but only 100 are free");
    newOperation();
    expect((await transfer.check({}, news(monthly))).failures).toEqual([]);
    expect((await smsUser.check({}, news(bob))).failures).toEqual([]);
    newOperation();
    expect((await transfer.check({}, news(monthly))).failures).toEqual([]);
    expect(
      (await smsUser.check({}, news({ ...bob, quota: { credits: 450 } }))).failures[0]?.reason,
    ).toContain("but only 400 (100 free, 300 transferred in by this plan) are free");
  });

  it("refuses changing from, to or credits without new triggers, and reads nothing for a made transfer", async () => {
    const { failures } = await transfer.check(monthly, news({ ...monthly, credits: 400 }));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe("credits");
    expect(failures[0]?.reason).toContain("credits: a transfer is made once, and this one was (300 credits");
    expect(failures[0]?.reason).toContain("also change triggers");
    expect((await transfer.check(monthly, news(monthly))).failures).toEqual([]);
    expect(calls()).toEqual([]);
    const again = await transfer.check(monthly, news({ ...monthly, credits: 400, triggers: ["2027-01"] }));
    expect(again.failures).toEqual([]);
  });
});

describe("create: once, never twice", () => {
  it("moves the credits and records both balances", async () => {
    const { id, outs } = await transfer.create(monthly);
    expect(id).toMatch(new RegExp(`^${SN}/${SN2}/[0-9a-f-]{36}$`));
    expect(outs).toMatchObject({
      outcome: "applied",
      fromCreditsLeft: 700,
      toCreditsLeft: 400,
      credits: 300,
    });
    expect(await free()).toEqual([700, 400]);
    expect(posts()).toEqual([`POST /sms/${SN}/transferCredits`]);
  });

  it("an answer lost after the transfer: recorded as made, not sent again, says what to check", async () => {
    fx.emulator.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/transferCredits" } });
    const error = (await transfer
      .create({ ...monthly, __provider: "shim" } as typeof monthly)
      .catch((e: unknown) => e)) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
    };
    expect(error.message).toContain(
      `SmsCreditTransfer ${SN} → ${SN2}: the transfer of 300 credits from ${SN} to ${SN2} may have been applied`,
    );
    expect(error.message).toContain(
      `It is not sent again: compare the credits (free + held by quotas) of GET /sms/${SN} (1000 before) and GET /sms/${SN2} (100 before)`,
    );
    expect(error.id).toMatch(new RegExp(`^${SN}/${SN2}/`));
    // The engine keeps these as the outputs as they are: the provider must be in them for a later destroy.
    expect(error.properties).toMatchObject({ outcome: "unknown", fromCreditsLeft: null, __provider: "shim" });
    expect(posts()).toEqual([`POST /sms/${SN}/transferCredits`]);
    expect(await free()).toEqual([700, 400]);

    // The next up updates the recorded resource: it moves nothing and says why.
    fx.emulator.control.clearRequests();
    let outs: unknown;
    const shown = await captured(async () => {
      ({ outs } = await transfer.update(error.id!, error.properties as never, monthly));
    });
    expect(shown).toContain("has an unknown outcome; it is not sent again");
    expect(outs).toMatchObject({ outcome: "unknown" });
    expect(calls()).toEqual([]);
  });

  it("a 5xx is not retried either: OVH may have applied it", async () => {
    fx.emulator.control.setFaults({ errorRate: 1, match: { method: "POST" } });
    await expect(transfer.create(monthly)).rejects.toThrow(/may have been applied/);
    expect(posts()).toEqual([`POST /sms/${SN}/transferCredits`]);
    expect(await free()).toEqual([1000, 100]);
  });

  it("a refusal (4xx) moved nothing: a plain failure, nothing recorded", async () => {
    const error = (await transfer.create({ ...monthly, credits: 5000 }).catch((e: unknown) => e)) as Error & {
      id?: string;
    };
    expect(error.message).toMatch(
      new RegExp(
        `^SmsCreditTransfer ${SN} → ${SN2}: the transfer of 5000 credits from ${SN} to ${SN2} failed: .*400`,
      ),
    );
    expect(error.id).toBeUndefined();
    expect(await free()).toEqual([1000, 100]);
  });
});

describe("diff, update, read, delete", () => {
  it("new triggers replace it; reverseOnDelete updates in place; nothing is read", async () => {
    const { id, outs } = await transfer.create(monthly);
    fx.emulator.control.clearRequests();
    expect(await transfer.diff(id, outs, monthly)).toEqual({ changes: false });
    expect(await transfer.diff(id, outs, { ...monthly, triggers: ["2027-01"] })).toEqual({
      changes: true,
      replaces: ["triggers"],
    });
    expect(await transfer.diff(id, outs, { ...monthly, reverseOnDelete: true })).toEqual({ changes: true });
    const updated = await transfer.update(id, outs, { ...monthly, reverseOnDelete: true });
    expect(updated.outs).toEqual({ ...outs, reverseOnDelete: true });
    expect(await transfer.read(id, outs)).toEqual({ id, props: outs });
    expect(calls()).toEqual([]);
    expect(await free()).toEqual([700, 400]);
  });

  it("delete moves nothing by default", async () => {
    const { id, outs } = await transfer.create(monthly);
    fx.emulator.control.clearRequests();
    await transfer.remove(id, outs);
    expect(calls()).toEqual([]);
    expect(await free()).toEqual([700, 400]);
  });

  it("reverseOnDelete moves the credits back once, or fails clearly when the target spent them", async () => {
    const { id, outs } = await transfer.create({ ...monthly, reverseOnDelete: true });
    await transfer.remove(id, outs);
    expect(await free()).toEqual([1000, 100]);

    const second = await transfer.create({ ...monthly, reverseOnDelete: true });
    await smsUser.create({ serviceName: SN2, login: "bob", password: "Abcd1234", quota: { credits: 250 } });
    await expect(transfer.remove(second.id, second.outs)).rejects.toThrow(
      `SmsCreditTransfer ${SN} → ${SN2}: reverseOnDelete would move 300 credits back from ${SN2}, but only 150 are free there`,
    );
    expect(await free()).toEqual([700, 150]);
    await expect(transfer.remove(second.id, { ...second.outs, outcome: "unknown" })).rejects.toThrow(
      /cannot move back a transfer whose outcome is unknown/,
    );
  });
});

describe("an intent left by an earlier run (killed, or stopped before it recorded the transfer)", () => {
  async function prepared(inputs: transfer.SmsCreditTransferInputs) {
    const { outs } = await intent.create(inputs);
    return { ...inputs, intent: outs.intent };
  }

  it("an intent made in this operation: sent at once", async () => {
    const inputs = await prepared(monthly);
    fx.emulator.control.clearRequests();
    const { outs } = await transfer.create(inputs);
    expect(outs).toMatchObject({ outcome: "applied", fromCreditsLeft: 700, toCreditsLeft: 400 });
    expect(posts()).toEqual([`POST /sms/${SN}/transferCredits`]);
  });

  it("the credits did not move since: sent now, once", async () => {
    const inputs = await prepared(monthly);
    newOperation();
    let outs: unknown;
    const shown = await captured(async () => ({ outs } = await transfer.create(inputs)));
    expect(shown).toContain("nothing moved, so the earlier run did not make it; sending it now");
    expect(outs).toMatchObject({ outcome: "applied" });
    expect(posts()).toEqual([`POST /sms/${SN}/transferCredits`]);
    expect(await free()).toEqual([700, 400]);
  });

  it("the credits moved by exactly this transfer's amount: recorded as unknown, not sent (it may be another's)", async () => {
    const inputs = await prepared(monthly);
    await transfer.create(inputs); // the earlier run's POST, whose answer it never recorded
    // A quota held since moves credits between free and held: not a movement of the account's credits.
    await smsUser.create({ serviceName: SN2, login: "bob", password: "Abcd1234", quota: { credits: 250 } });
    newOperation();
    fx.emulator.control.clearRequests();
    const error = (await transfer
      .create({ ...inputs, __provider: "shim" } as typeof inputs)
      .catch((e: unknown) => e)) as Error & { properties?: Record<string, unknown> };
    expect(error.message).toContain(
      `${SN} had 1000 credits (free + held by quotas) and ${SN2} 100 when an earlier run prepared the transfer of 300 credits`,
    );
    expect(error.message).toContain(
      "now they have 700 and 400: they moved by exactly this transfer's amount: most likely the earlier run made it",
    );
    expect(error.message).toContain("It is not sent");
    expect(error.properties).toMatchObject({ outcome: "unknown", __provider: "shim" });
    expect(posts()).toEqual([]);
    expect(await free()).toEqual([700, 150]);
  });

  it("two transfers of the same amount on one route, one refused: the other's move is not taken for it", async () => {
    const refused = await prepared(monthly);
    const other = await prepared({ ...monthly, triggers: ["other"] });
    await transfer.create(other); // made; `refused` was refused by OVH (a 429), nothing sent for it
    newOperation();
    fx.emulator.control.clearRequests();
    await expect(transfer.create(refused)).rejects.toThrow(/It is not sent/);
    expect(posts()).toEqual([]);
    expect(await free()).toEqual([700, 400]);
  });

  it("other movements meanwhile: recorded as unknown, not sent, the figures given", async () => {
    const inputs = await prepared(monthly);
    await transfer.create(inputs);
    await transfer.create({ ...monthly, credits: 50 }); // another transfer since
    newOperation();
    fx.emulator.control.clearRequests();
    const error = (await transfer
      .create({ ...inputs, __provider: "shim" } as typeof inputs)
      .catch((e: unknown) => e)) as Error & { id?: string; properties?: Record<string, unknown> };
    expect(error.message).toContain(
      `${SN} had 1000 credits (free + held by quotas) and ${SN2} 100 when an earlier run prepared the transfer of 300 credits from ${SN} to ${SN2}`,
    );
    expect(error.message).toContain("now they have 650 and 450: other movements make it impossible to tell");
    expect(error.message).toContain("It is not sent");
    expect(error.properties).toMatchObject({ outcome: "unknown", __provider: "shim" });
    expect(posts()).toEqual([]);
    expect(await free()).toEqual([650, 450]);
  });
});

describe("reverseOnDelete interrupted (a destroy killed while moving the credits back)", () => {
  const documents = () =>
    fx.emulator.control
      .requests()
      .filter((r) => r.path.startsWith("/1.0/me/document"))
      .map((r) => `${r.method} ${r.path.replace(/\/[0-9a-f-]{36}$/, "/{id}").replace("/1.0", "")}`);

  it("records the move back on OVH before sending it, and removes the record after", async () => {
    const { id, outs } = await transfer.create({ ...monthly, reverseOnDelete: true });
    fx.emulator.control.clearRequests();
    await transfer.remove(id, outs);
    expect(await free()).toEqual([1000, 100]);
    expect(posts()).toEqual([`POST /sms/${SN2}/transferCredits`]);
    expect(documents()).toEqual(["GET /me/document", "POST /me/document", "DELETE /me/document/{id}"]);
    expect(await listDocuments(client())).toEqual([]);
  });

  it("a move back whose answer was lost: the next destroy reads the balances and sends nothing", async () => {
    const { id, outs } = await transfer.create({ ...monthly, reverseOnDelete: true });
    fx.emulator.control.setFaults({
      dropAfterApply: { method: "POST", path: `/sms/${SN2}/transferCredits` },
    });
    await expect(transfer.remove(id, outs)).rejects.toThrow(/may have been applied/);
    fx.emulator.control.clearFaults();
    expect(await free()).toEqual([1000, 100]);
    newOperation();
    fx.emulator.control.clearRequests();
    await expect(transfer.remove(id, outs)).rejects.toThrow(
      `an earlier destroy was interrupted while moving 300 credits back from ${SN2} to ${SN}. ${SN} had 700 ` +
        `credits (free + held by quotas) and ${SN2} 400 when an earlier destroy started moving 300 credits back ` +
        `from ${SN2} to ${SN}; now they have 1000 and 100, so it cannot tell whether they came back, and ` +
        "nothing is sent",
    );
    expect(posts()).toEqual([]);
    expect(await free()).toEqual([1000, 100]);
  });

  it("an earlier destroy stopped after its record, before sending: the next one moves the credits back once", async () => {
    const { id, outs } = await transfer.create({ ...monthly, reverseOnDelete: true });
    await leaveMarker(client(), id, [700, 400]);
    newOperation();
    fx.emulator.control.clearRequests();
    const shown = await captured(() => transfer.remove(id, outs));
    expect(shown).toContain("nothing moved, so the earlier destroy did not move them; moving them now");
    expect(posts()).toEqual([`POST /sms/${SN2}/transferCredits`]);
    expect(await free()).toEqual([1000, 100]);
    expect(await listDocuments(client())).toEqual([]);
  });
});
