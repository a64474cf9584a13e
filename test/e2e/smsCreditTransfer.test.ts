/**
 * SmsCreditTransfer under the real Pulumi engine: a transfer funds the quota of a user on the target, is
 * made once per trigger, survives a lost answer without moving twice, and moves nothing back on destroy.
 * Steps build on each other, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount } from "../../sdk";
import type { SmsCreditTransferArgs } from "../../provider";
import {
  apiCalls,
  failure,
  previewSteps,
  type PulumiRun,
  SERVICE_A,
  SERVICE_B,
  sms,
  startPulumi,
} from "./harness";

let transfer: SmsCreditTransferArgs = { from: SERVICE_A, to: SERVICE_B, credits: 200, triggers: ["m1"] };
let run: PulumiRun;

// SERVICE_B has 500 free credits: its user's quota of 600 needs the transfer first.
const program = async () => {
  const funding = new sms.SmsCreditTransfer("funding", transfer);
  new sms.SmsUser(
    "agent",
    { serviceName: SERVICE_B, login: "agent", password: "Agent123", quota: { credits: 600 } },
    { dependsOn: [funding] },
  );
};

async function balances(): Promise<{ free: [number, number]; total: number }> {
  const [a, b] = await Promise.all([getAccount(run.client, SERVICE_A), getAccount(run.client, SERVICE_B)]);
  const total = a.creditsLeft + a.creditsHoldByQuota + b.creditsLeft + b.creditsHoldByQuota;
  return { free: [a.creditsLeft, b.creditsLeft], total };
}

function transfers(): string[] {
  return apiCalls(run).filter((c) => c.endsWith("/transferCredits"));
}

beforeAll(async () => {
  run = await startPulumi({ program });
});
afterAll(() => run?.close());

describe("SmsCreditTransfer under the Pulumi engine", () => {
  it("says at preview what will move, then moves it once and funds the target's quota", async () => {
    let shown = "";
    await run.stack.preview({ onOutput: (text) => (shown += text) });
    expect(shown).toContain(`will move 200 credits from ${SERVICE_A} to ${SERVICE_B}`);
    run.emulator.control.clearRequests();
    await run.stack.up();
    expect(transfers()).toEqual([`POST /sms/${SERVICE_A}/transferCredits`]);
    expect(await balances()).toEqual({ free: [800, 100], total: 1500 });
    const outputs = (await run.stack.exportStack()).deployment.resources.find((r: { urn: string }) =>
      r.urn.endsWith("::funding"),
    )?.outputs as Record<string, unknown>;
    expect(outputs).toMatchObject({ outcome: "applied", fromCreditsLeft: 800, toCreditsLeft: 700 });
  });

  it("transfers nothing on the next up, and refuses a new amount without new triggers", async () => {
    run.emulator.control.clearRequests();
    expect(await previewSteps(run)).toEqual([]);
    await run.stack.up();
    expect(transfers()).toEqual([]);
    transfer = { ...transfer, credits: 300 };
    const message = await failure(run.stack.preview());
    expect(message).toContain("credits: a transfer is made once, and this one was (200 credits");
    transfer = { ...transfer, credits: 200 };
  });

  it("transfers exactly once more when the triggers change", async () => {
    transfer = { ...transfer, triggers: ["m2"] };
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    // The transfer and the intent it records first (smsCreditTransferIntent.ts).
    expect(result.summary.resourceChanges).toMatchObject({ replace: 2 });
    expect(transfers()).toEqual([`POST /sms/${SERVICE_A}/transferCredits`]);
    expect(await balances()).toEqual({ free: [600, 300], total: 1500 });
  });

  it("an answer lost after the transfer fails clearly, and the next up does not transfer again", async () => {
    transfer = { ...transfer, triggers: ["m3"] };
    run.emulator.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/transferCredits" } });
    run.emulator.control.clearRequests();
    const message = await failure(run.stack.up());
    expect(message).toContain(
      `the transfer of 200 credits from ${SERVICE_A} to ${SERVICE_B} may have been applied`,
    );
    expect(message).toContain(
      `compare the credits (free + held by quotas) of GET /sms/${SERVICE_A} (600 before)`,
    );
    expect(transfers()).toEqual([`POST /sms/${SERVICE_A}/transferCredits`]);
    expect(await balances()).toEqual({ free: [400, 500], total: 1500 });

    run.emulator.control.setFaults({});
    run.emulator.control.clearRequests();
    let shown = "";
    await run.stack.up({ onOutput: (text) => (shown += text) });
    expect(shown).toContain("has an unknown outcome; it is not sent again");
    expect(transfers()).toEqual([]);
    await run.stack.up();
    expect(transfers()).toEqual([]);
    expect(await balances()).toEqual({ free: [400, 500], total: 1500 });
  });

  it("destroys without moving credits back", async () => {
    run.emulator.control.clearRequests();
    await run.stack.destroy();
    expect(transfers()).toEqual([]);
    // The agent's quota returns to SERVICE_B; the transfers stay where they went.
    expect(await balances()).toEqual({ free: [400, 1100], total: 1500 });
  });
});
