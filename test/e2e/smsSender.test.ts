/**
 * SmsSender under the real Pulumi engine: created and left to OVH's moderation, moderation progress shown
 * by refresh, description and status updated in place, a new name replaces the sender, drift shows in
 * preview, someone else's sender is refused at preview, destroy removes it. Steps build on each other, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSender, deleteSender, getSender, listSenders, updateSender } from "../../sdk";
import type { SmsSenderArgs } from "../../provider";
import { apiCalls, previewSteps, SERVICE_A, sms, startPulumi, type PulumiRun } from "./harness";

let sender: SmsSenderArgs = {
  serviceName: SERVICE_A,
  sender: "ACME",
  description: "orders",
  reason: "Our shop's name, for order notifications",
};
let run: PulumiRun;

const program = async () => {
  new sms.SmsSender("brand", sender);
};

function writes(): string[] {
  return apiCalls(run).filter((c) => !c.startsWith("GET "));
}

async function outputs(): Promise<Record<string, unknown>> {
  const state = await run.stack.exportStack();
  return state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::brand"))
    ?.outputs as Record<string, unknown>;
}

beforeAll(async () => {
  run = await startPulumi({ program });
});
afterAll(() => run?.close());

describe("SmsSender under the Pulumi engine", () => {
  it("creates the sender, which waits for OVH's moderation, and says so", async () => {
    run.emulator.control.clearRequests();
    let shown = "";
    await run.stack.up({ onOutput: (text) => (shown += text) });
    expect(writes()).toEqual([`POST /sms/${SERVICE_A}/senders`]);
    expect(shown).toContain("waiting for OVH's moderation");
    expect(await outputs()).toMatchObject({
      sender: "ACME",
      status: "waitingValidation",
      description: "orders",
    });
    expect(await previewSteps(run)).toEqual([]);
  });

  it("shows moderation progress on refresh", async () => {
    run.emulator.control.moderateSender(SERVICE_A, "ACME", "enable", "Validated");
    run.emulator.control.clearRequests();
    await run.stack.refresh();
    expect(writes()).toEqual([]);
    expect(await outputs()).toMatchObject({ status: "enable", comment: "Validated" });
  });

  it("updates the description and the status in place with one PUT", async () => {
    sender = { ...sender, description: "orders and invoices", enabled: false };
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(writes()).toEqual([`PUT /sms/${SERVICE_A}/senders/ACME`]);
    expect(await getSender(run.client, SERVICE_A, "ACME")).toMatchObject({
      description: "orders and invoices",
      status: "disable",
    });
  });

  it("shows a description changed in the control panel as drift, and repairs it", async () => {
    await updateSender(run.client, SERVICE_A, "ACME", { description: "by hand" });
    expect(await previewSteps(run)).toEqual([{ op: "update", name: "brand" }]);
    await run.stack.up();
    expect((await getSender(run.client, SERVICE_A, "ACME")).description).toBe("orders and invoices");
  });

  it("replaces the sender when its name changes", async () => {
    sender = { ...sender, sender: "ACME Shop", enabled: undefined };
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(writes()).toEqual([`POST /sms/${SERVICE_A}/senders`, `DELETE /sms/${SERVICE_A}/senders/ACME`]);
    expect(await listSenders(run.client, SERVICE_A)).toEqual(["ACME Shop"]);
  });

  it("refuses at preview a new name that someone else's sender already has, with no write", async () => {
    await createSender(run.client, SERVICE_A, { sender: "SHOP", description: "by hand", reason: "r" });
    run.emulator.control.moderateSender(SERVICE_A, "SHOP", "enable");
    const kept = sender;
    sender = { ...sender, sender: "SHOP" };
    run.emulator.control.clearRequests();
    const failure = await run.stack.preview().then(
      () => "",
      (error: Error) => error.message,
    );
    sender = kept;
    expect(failure).toContain(
      `the sender SHOP already exists on ${SERVICE_A} and this program did not ask for it. To manage it ` +
        "here, set adopt: true",
    );
    expect(writes()).toEqual([]);
    await deleteSender(run.client, SERVICE_A, "SHOP");
  });

  it("deletes it on destroy", async () => {
    await run.stack.destroy();
    expect(await listSenders(run.client, SERVICE_A)).toEqual([]);
  });
});
