// SmsUser under faults and kills, at the size of a real account set, under the real engine.
//   npm run bench:faults   (or: npx tsx bench/faults.ts [--users 100] [--kills 6] [--seeds 3])
// 1. Faults: every API call 5–60 ms slower, 5% answered 503, 5% answered 429 (Retry-After 1 s), 1% applied
//    and then dropped without an answer. `pulumi up` is repeated until it succeeds.
// 2. Kills: `pulumi up` SIGKILLed at points spread over its creates, then `pulumi cancel`,
//    `pulumi refresh --clear-pending-creates` and `pulumi up`, as the README says.
// Reports runs to converge, failed resources, orphans (users on OVH the program does not declare),
// duplicates (a user twice in the state), missing users and credit conservation.
import * as fs from "node:fs";
import * as path from "node:path";
import { getAccount, listUsers } from "../sdk";
import { rerunTrustingEmulator } from "./trust";
import { CREDENTIALS, SERVICE_A, SERVICE_B, startPulumi, type PulumiRun } from "../test/e2e/harness";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const USERS = arg("users", 100);
const KILLS = arg("kills", 6);
const SEEDS = arg("seeds", 3);
const program = fs.readFileSync(path.join(__dirname, "../test/e2e/programs/users.js"), "utf8");

const seed = {
  customers: [
    {
      nic: "ee11111-ovh",
      services: [
        { serviceName: SERVICE_A, creditsLeft: 100_000 },
        { serviceName: SERVICE_B, creditsLeft: 100_000 },
      ],
      applications: [
        {
          applicationKey: CREDENTIALS.applicationKey,
          applicationSecret: CREDENTIALS.applicationSecret,
          consumerKeys: [{ consumerKey: CREDENTIALS.consumerKey }],
        },
      ],
    },
  ],
};

const users = Object.fromEntries(
  Array.from({ length: USERS }, (_, i) => {
    const login = `b${String(i).padStart(4, "0")}`;
    return [
      login,
      {
        args: {
          serviceName: i % 2 ? SERVICE_B : SERVICE_A,
          login,
          password: `Bench${String(i).padStart(3, "0")}`,
          quota: { credits: 5 + (i % 7) },
          callbackUrl: `https://hooks.example.com/${login}`,
          ipRestrictions: [`203.0.113.${(i % 250) + 1}`],
        },
      },
    ];
  }),
);

async function start(): Promise<PulumiRun> {
  const run = await startPulumi({ programSource: program, seed });
  const specFile = path.join(run.dir, "spec.json");
  fs.writeFileSync(specFile, JSON.stringify({ users }));
  await run.stack.setConfig("spec", { value: specFile });
  return run;
}

async function credits(run: PulumiRun): Promise<number> {
  let total = 0;
  for (const sn of [SERVICE_A, SERVICE_B]) {
    const a = await getAccount(run.client, sn);
    total += a.creditsLeft + a.creditsHoldByQuota;
  }
  return total;
}

/** Orphans, duplicates and missing users: the live accounts and the state against the program. */
async function audit(run: PulumiRun) {
  const live = [...(await listUsers(run.client, SERVICE_A)), ...(await listUsers(run.client, SERVICE_B))];
  const declared = new Set(Object.keys(users));
  const state = JSON.parse(await run.cli("stack", "export")) as {
    deployment: { resources?: Array<{ type: string; id?: string }> };
  };
  const ids = (state.deployment.resources ?? []).filter((r) => r.type.endsWith(":SmsUser")).map((r) => r.id);
  const known = new Set(ids.map((id) => id?.split("/")[1]));
  return {
    /** On OVH but not in the state: what a later up must take over. */
    unknownToState: live.filter((l) => !known.has(l)).length,
    orphans: live.filter((l) => !declared.has(l)).length,
    missing: [...declared].filter((l) => !live.includes(l)).length,
    duplicates: ids.length - new Set(ids).size,
    inState: ids.length,
  };
}

/** `pulumi up` until it succeeds (at most 5 runs); failed resource operations counted over all runs. */
async function upUntilDone(run: PulumiRun): Promise<{ runs: number; failed: number; seconds: number }> {
  let failed = 0;
  const started = performance.now();
  for (let runs = 1; runs <= 5; runs++) {
    const r = await run.cliResult("up", "--yes", "--skip-preview", "--non-interactive", "--color", "never");
    failed += (
      r.stdout.match(/\*\*creating failed\*\*|\*\*updating failed\*\*|\*\*deleting failed\*\*/g) ?? []
    ).length;
    if (r.code === 0) return { runs, failed, seconds: (performance.now() - started) / 1000 };
  }
  return { runs: Infinity, failed, seconds: (performance.now() - started) / 1000 };
}

async function faultScenario(randomSeed: number): Promise<string> {
  const run = await start();
  try {
    const before = await credits(run);
    run.emulator.control.setFaults({
      latencyMs: { min: 5, max: 60 },
      errorRate: 0.05,
      rateLimitRate: 0.05,
      retryAfterSeconds: 1,
      dropAfterApply: { rate: 0.01 },
      randomSeed,
    });
    const result = await upUntilDone(run);
    const log = run.emulator.control.requests();
    run.emulator.control.clearFaults();
    const injected = {
      "5xx": log.filter((r) => r.status >= 500).length,
      "429": log.filter((r) => r.status === 429).length,
      dropped: log.filter((r) => r.dropped).length,
      calls: log.length,
    };
    const found = await audit(run);
    const conserved = (await credits(run)) === before;
    await run.cli("destroy", "--yes", "--non-interactive");
    return (
      `faults seed ${randomSeed}: runs to converge ${result.runs}, failed resources ${result.failed}, ` +
      `orphans ${found.orphans}, duplicates ${found.duplicates}, missing ${found.missing}, credits conserved ${conserved}, ` +
      `up ${result.seconds.toFixed(1)} s; injected ${JSON.stringify(injected)}`
    );
  } finally {
    await run.close();
  }
}

async function killScenario(): Promise<string> {
  const run = await start();
  try {
    const before = await credits(run);
    run.emulator.control.setFaults({ latencyMs: { min: 20, max: 80 }, randomSeed: 3 });
    // Small counts: each run starts with what is left, so every kill lands while creates are in flight.
    const counts = [1, 5, 2, 10, 3, 8, 4, 6];
    const points = Array.from({ length: KILLS }, (_, k) => ({
      what: k % 2 ? "created" : "creating",
      count: counts[k % counts.length] as number,
    }));
    const kills: string[] = [];
    for (const point of points) {
      const { child, output, exited } = run.cliSpawn("up", "--yes", "--non-interactive", "--color", "never");
      let done = false;
      void exited.then(() => (done = true));
      while (!done && output().split(point.what).length - 1 < point.count)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const killed = !done;
      if (killed) {
        process.kill(child.pid as number, "SIGKILL");
        await exited;
        await new Promise((resolve) => setTimeout(resolve, 500));
        run.killLeftovers();
      }
      await run.cliResult("cancel", "--yes", "--non-interactive");
      // Users the killed run made but could not record: the next run must take them over.
      kills.push(
        killed
          ? `${point.count}×${point.what} (${(await audit(run)).unknownToState} unrecorded)`
          : "finished",
      );
    }
    const orphansBefore = (await audit(run)).unknownToState;
    run.emulator.control.clearFaults();
    await run.cliResult("refresh", "--clear-pending-creates", "--yes", "--non-interactive");
    const result = await upUntilDone(run);
    const found = await audit(run);
    const conserved = (await credits(run)) === before;
    await run.cli("destroy", "--yes", "--non-interactive");
    return (
      `kills at ${kills.join(", ")}; unrecorded users before recovery ${orphansBefore}; ` +
      `then runs to converge ${result.runs}, failed resources ${result.failed}, orphans ${found.orphans}, ` +
      `duplicates ${found.duplicates}, missing ${found.missing}, users in state ${found.inState}, credits conserved ${conserved}`
    );
  } finally {
    await run.close();
  }
}

async function main(): Promise<void> {
  if (await rerunTrustingEmulator()) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensurePulumi } = require("../scripts/ensure-pulumi.js") as { ensurePulumi(): Promise<string> };
  process.env.PULUMI_OVH_SMS_ENGINE_BIN = await ensurePulumi();
  const lines = [`users ${USERS} over 2 accounts`];
  for (let s = 1; s <= SEEDS; s++) {
    lines.push(await faultScenario(1000 + s));
    process.stdout.write(`${lines.at(-1)}\n`);
  }
  lines.push(await killScenario());
  process.stdout.write(`${lines.at(-1)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
