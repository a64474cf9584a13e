/**
 * `pulumi up` killed at random moments (SIGKILL of the CLI, as a CI runner that times out does), then
 * recovered the way the README says: `pulumi cancel`, then `pulumi up`. The run after the kills converges
 * with no orphan, no duplicate and every credit where it was.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, getUser, listUsers } from "../../sdk";
import { processesIn, SERVICE_A, SERVICE_B, startPulumi, type PulumiRun } from "./harness";

const USERS = 16;
const KILLS = 4;

let run: PulumiRun;
let specFile: string;

const users = Object.fromEntries(
  Array.from({ length: USERS }, (_, i) => {
    const login = `k${String(i).padStart(2, "0")}`;
    const serviceName = i % 2 ? SERVICE_B : SERVICE_A;
    return [
      login,
      {
        args: {
          serviceName,
          login,
          password: `Kill${String(i).padStart(4, "0")}`,
          quota: { credits: 10 + i },
          callbackUrl: `https://hooks.example.com/${login}`,
        },
      },
    ];
  }),
);

async function totalCredits(): Promise<number> {
  let total = 0;
  for (const sn of [SERVICE_A, SERVICE_B]) {
    const a = await getAccount(run.client, sn);
    total += a.creditsLeft + a.creditsHoldByQuota;
  }
  return total;
}

// When to kill: once the CLI has printed `count` lines saying `what`, so kills land while creates are in
// flight (a fixed sequence, so a failure replays), and one during the engine's start.
const killPoints = [
  { what: "creating", count: 1 },
  { what: "created", count: 2 },
  { what: "Previewing", count: 1 },
  { what: "creating", count: 3 },
];

beforeAll(async () => {
  run = await startPulumi({
    programSource: fs.readFileSync(path.join(__dirname, "programs/users.js"), "utf8"),
  });
  specFile = path.join(run.dir, "spec.json");
  fs.writeFileSync(specFile, JSON.stringify({ users }));
  await run.stack.setConfig("spec", { value: specFile });
});
afterAll(() => run?.close());

describe("a killed pulumi up", () => {
  it("is recovered by pulumi cancel then pulumi up, with nothing orphaned, doubled or lost", async () => {
    const before = await totalCredits();
    // Every API call is a little slow, as over the internet, so kills land while calls are in flight.
    run.emulator.control.setFaults({ latencyMs: { min: 20, max: 80 }, randomSeed: 5 });
    const outcomes: string[] = [];
    let printed = "";
    for (const point of killPoints.slice(0, KILLS)) {
      const { child, output, exited } = run.cliSpawn("up", "--yes", "--non-interactive", "--color", "never");
      let done = false;
      void exited.then(() => (done = true));
      while (!done && output().split(point.what).length - 1 < point.count)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const killed = !done;
      if (killed) {
        process.kill(child.pid as number, "SIGKILL");
        await exited;
        // The language host and the provider outlive the CLI a moment and finish what they were sending
        // (so objects exist that the state does not know): then they are stopped too.
        await new Promise((resolve) => setTimeout(resolve, 500));
        run.killLeftovers();
      }
      printed += output();
      outcomes.push(killed ? `killed after ${point.count} × ${point.what}` : "finished");
      const cancel = await run.cliResult("cancel", "--yes", "--non-interactive");
      outcomes.push(`cancel: ${cancel.code}`);
    }
    const live = async () =>
      [...(await listUsers(run.client, SERVICE_A)), ...(await listUsers(run.client, SERVICE_B))].sort();
    // The kills landed at different moments: some users made, some not.
    const madeBeforeRecovery = await live();
    run.emulator.control.clearFaults();

    // The killed runs' creates are recorded as pending: dropped here (the objects they may have made are
    // taken over by the next up), as the README says.
    const cleared = await run.cliResult("refresh", "--clear-pending-creates", "--yes", "--non-interactive");
    expect(cleared.code, cleared.stdout + cleared.stderr).toBe(0);
    const final = await run.cliResult("up", "--yes", "--non-interactive", "--color", "never");
    expect(final.code, `${outcomes.join("\n")}\n${final.stdout}${final.stderr}`).toBe(0);
    expect(await live()).toEqual(Object.keys(users).sort());
    for (const [login, { args }] of Object.entries(users)) {
      const user = await getUser(run.client, args.serviceName, login);
      expect([user.password, user.quotaInformations.quotaLeft, user.callBack]).toEqual([
        args.password,
        args.quota.credits,
        args.callbackUrl,
      ]);
    }
    expect(await totalCredits()).toBe(before);
    // One resource per user in the state, no pending operation left.
    const state = JSON.parse(await run.cli("stack", "export")) as {
      deployment: { resources: Array<{ type: string }>; pending_operations?: Array<{ type: string }> };
    };
    const smsUsers = state.deployment.resources.filter((r) => r.type.endsWith("ovh-sms:SmsUser"));
    expect(smsUsers).toHaveLength(USERS);
    expect((state.deployment.pending_operations ?? []).map((op) => op.type)).toEqual([]);
    const again = await run.cliResult("preview", "--expect-no-changes", "--non-interactive");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    // The kills really interrupted the work, and left users the state did not know, which were taken over.
    expect(madeBeforeRecovery.length).toBeGreaterThan(0);
    expect(madeBeforeRecovery.length).toBeLessThan(USERS);
    expect(outcomes.filter((o) => o.startsWith("killed")).length).toBe(KILLS);
    expect(printed + final.stdout + final.stderr).toContain("it already exists as this program declares it");
    await run.cli("destroy", "--yes", "--non-interactive");
    expect(await live()).toEqual([]);
    expect(processesIn(run.workDir)).toEqual([]); // nothing of the engine left running
    expect(await totalCredits()).toBe(before);
  });
});
