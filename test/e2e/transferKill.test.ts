/**
 * `pulumi up` killed while a credit transfer is in flight, then recovered the way the README says (`pulumi
 * cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`). The killed run's transfer leaves no trace
 * in the state and OVH keeps no transfer object, so only the intent recorded before the POST tells the next
 * run what happened: it sends the transfer only if nothing moved since, so credits never move twice.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteDocument, getAccount, listDocuments } from "../../sdk";
import { SERVICE_A, SERVICE_B, startPulumi, type PulumiRun } from "./harness";

let run: PulumiRun;
let specFile: string;

function declare(triggers: string[], reverseOnDelete = false): void {
  const args = { from: SERVICE_A, to: SERVICE_B, credits: 30, triggers, reverseOnDelete };
  fs.writeFileSync(
    specFile,
    JSON.stringify({ users: {}, resources: { t1: { kind: "SmsCreditTransfer", args } } }),
  );
}

async function free(): Promise<[number, number]> {
  const [a, b] = await Promise.all([getAccount(run.client, SERVICE_A), getAccount(run.client, SERVICE_B)]);
  return [a.creditsLeft, b.creditsLeft];
}

const transfers = () =>
  run.emulator.control.requests().filter((r) => r.method === "POST" && r.path.endsWith("/transferCredits"));

/**
 * Starts `pulumi up` and kills the CLI and the engine's plugins while the transfer's POST is in flight (the
 * emulator holds it 2 s). As a server would, the emulator still applies the request it received: the
 * credits move, and nobody hears about it.
 */
async function killDuringTransfer(command = "up", step = "SmsCreditTransfer t1 creating"): Promise<void> {
  run.emulator.control.setFaults({
    latencyMs: 2000,
    match: { method: "POST", path: "/sms/*/transferCredits" },
  });
  const { child, output, exited } = run.cliSpawn(command, "--yes", "--non-interactive", "--color", "never");
  while (!output().includes(step)) await new Promise((r) => setTimeout(r, 10));
  await new Promise((resolve) => setTimeout(resolve, 700));
  process.kill(child.pid as number, "SIGKILL");
  await exited;
  run.killLeftovers();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  run.emulator.control.clearFaults();
}

/** The README's recovery: `pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`. */
async function recover(): Promise<{ code: number; printed: string }> {
  expect((await run.cliResult("cancel", "--yes", "--non-interactive")).code).toBe(0);
  const cleared = await run.cliResult("refresh", "--clear-pending-creates", "--yes", "--non-interactive");
  expect(cleared.code, cleared.stdout + cleared.stderr).toBe(0);
  const up = await run.cliResult("up", "--yes", "--non-interactive", "--color", "never");
  return { code: up.code, printed: up.stdout + up.stderr };
}

beforeAll(async () => {
  run = await startPulumi({
    programSource: fs.readFileSync(path.join(__dirname, "programs/users.js"), "utf8"),
  });
  specFile = path.join(run.dir, "spec.json");
  await run.stack.setConfig("spec", { value: specFile });
});
afterAll(() => run?.close());

describe("a transfer whose earlier run recorded its intent but not its result", () => {
  it("killed while the POST was in flight: not sent again, recorded as unknown with the figures", async () => {
    declare(["m1"]);
    const before = await free();
    await killDuringTransfer();
    expect(await free()).toEqual([before[0] - 30, before[1] + 30]); // the killed run's POST was applied
    run.emulator.control.clearRequests();
    // Reading shows a move of exactly this amount, which another transfer could have made too: the
    // recovery run says so and fails, recording the transfer as made (outcome unknown).
    const { code, printed } = await recover();
    expect(code).not.toBe(0);
    expect(printed).toContain(
      "they moved by exactly this transfer's amount: most likely the earlier run made it",
    );
    expect(printed).toContain("It is not sent");
    expect(transfers()).toEqual([]);
    const next = await run.cliResult("up", "--yes", "--non-interactive", "--color", "never");
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(transfers()).toEqual([]);
    expect(await free()).toEqual([before[0] - 30, before[1] + 30]);
    const again = await run.cliResult("preview", "--expect-no-changes", "--non-interactive");
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it("stopped by a refusal after its intent (nothing moved): the next up sends it once", async () => {
    declare(["m2"]);
    const before = await free();
    // OVH's rate limit answers every try: the SDK gives up, the up fails, nothing moved.
    run.emulator.control.setFaults({
      rateLimitRate: 1,
      retryAfterSeconds: 0,
      match: { method: "POST", path: "/sms/*/transferCredits" },
    });
    const failed = await run.cliResult("up", "--yes", "--non-interactive", "--color", "never");
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toContain("429");
    run.emulator.control.clearFaults();
    expect(await free()).toEqual(before);
    run.emulator.control.clearRequests();
    const up = await run.cliResult("up", "--yes", "--non-interactive", "--color", "never");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout + up.stderr).toContain(
      "nothing moved, so the earlier run did not make it; sending it now",
    );
    expect(transfers().map((r) => r.status)).toEqual([200]);
    expect(await free()).toEqual([before[0] - 30, before[1] + 30]);
  });

  it("a destroy killed while reverseOnDelete moves the credits back: the next destroy sends nothing", async () => {
    declare(["m3"], true);
    const up = await run.cliResult("up", "--yes", "--non-interactive");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const funded = await free();
    await killDuringTransfer("destroy", "SmsCreditTransfer t1 deleting");
    expect(await free()).toEqual([funded[0] + 30, funded[1] - 30]); // the killed destroy moved them back
    expect((await run.cliResult("cancel", "--yes", "--non-interactive")).code).toBe(0);
    run.emulator.control.clearRequests();
    const again = await run.cliResult("destroy", "--yes", "--non-interactive", "--color", "never");
    expect(again.code).not.toBe(0);
    expect(again.stdout + again.stderr).toContain(
      "an earlier destroy was interrupted while moving 30 credits back",
    );
    expect(transfers()).toEqual([]);
    expect(await free()).toEqual([funded[0] + 30, funded[1] - 30]);
    // What the message says to do when the credits came back: drop the record and the resource.
    for (const doc of await listDocuments(run.client)) await deleteDocument(run.client, doc);
    const state = JSON.parse(await run.cli("stack", "export")) as {
      deployment: { resources: { urn: string }[] };
    };
    const urn = state.deployment.resources.find((r) => r.urn.endsWith("SmsCreditTransfer::t1"))
      ?.urn as string;
    await run.cli("state", "delete", urn, "--yes");
    const finish = await run.cliResult("destroy", "--yes", "--non-interactive");
    expect(finish.code, finish.stdout + finish.stderr).toBe(0);
    expect(transfers()).toEqual([]);
    expect(await free()).toEqual([funded[0] + 30, funded[1] - 30]);
  });
});
