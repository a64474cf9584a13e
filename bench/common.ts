// What the benches that run the packed package under the real CLI share (bench/scale.ts, bench/kinds.ts):
// command-line options, the engine and the project outside the repository, one stack per emulator, timed
// CLI commands with the peak memory of the CLI and of the dynamic provider, the API calls the emulator
// saw and the size of the resources' entries in `pulumi stack export`.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SeedDocument } from "../emulator";
import { CREDENTIALS, startPulumi, type PulumiRun } from "../test/e2e/harness";
import { packedProject } from "../test/e2e/packedProject";
import { rerunTrustingEmulator } from "./trust";

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
}

export const numbers = (text: string) => text.split(",").filter(Boolean).map(Number);

type SeedService = NonNullable<SeedDocument["customers"][number]["services"]>[number];

/** One customer owning `services`, with the stack's credentials (all rights). */
export function customerSeed(nic: string, services: SeedService[]): SeedDocument {
  return {
    customers: [
      {
        nic,
        services,
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
}

/** SmsUser's arguments with every setting. */
export function fullUser(serviceName: string, i: number) {
  return {
    serviceName,
    login: `u${String(i).padStart(5, "0")}`,
    password: `Scale${String(i % 1000).padStart(3, "0")}`,
    callbackUrl: `https://hooks.example.com/sms/dlr/${i}`,
    stopCallbackUrl: `https://hooks.example.com/sms/stop/${i}`,
    ipRestrictions: ["203.0.113.10", "203.0.113.11", "198.51.100.7", "198.51.100.8", "192.0.2.1"],
    quota: { credits: 10, topUp: "2026-12" },
    alert: { threshold: 2, via: "both", email: "ops@example.com", phoneNumber: "+33612345678" },
  };
}

/**
 * Runs `work` with the engine provided and a project outside the repository where the package is installed
 * from its tarball (removed afterwards). Resolves without running it in the process that only re-ran this
 * script trusting the emulator's CA (see trust.ts).
 */
export async function inPackedProject(name: string, work: (project: string) => Promise<void>): Promise<void> {
  if (await rerunTrustingEmulator()) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensurePulumi } = require("../scripts/ensure-pulumi.js") as { ensurePulumi(): Promise<string> };
  process.env.PULUMI_OVH_SMS_ENGINE_BIN = await ensurePulumi();
  const project = packedProject(name);
  try {
    await work(project);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

/**
 * A stack of the bench program (bench/programs/scale.js) in `project`, against an emulator started in this
 * process (port 0) with `seed`; `spec` is the JSON file the program reads (written by `work`).
 */
export async function withProject<T>(
  project: string,
  seed: SeedDocument,
  work: (run: PulumiRun, spec: string) => Promise<T>,
): Promise<T> {
  const run = await startPulumi({
    workDir: project,
    projectName: "ovh-sms-scale",
    programSource: fs.readFileSync(path.join(__dirname, "programs/scale.js"), "utf8"),
    seed,
  });
  try {
    const spec = path.join(run.dir, "spec.json");
    await run.stack.setConfig("spec", { value: spec });
    return await work(run, spec);
  } finally {
    await run.close();
  }
}

/** Peak RSS (MiB) of the CLI and of the dynamic provider while `work` runs. */
async function peaks<T>(work: () => Promise<T>): Promise<{ result: T; cli: number; provider: number }> {
  let cli = 0;
  let provider = 0;
  const timer = setInterval(() => {
    try {
      for (const line of execFileSync("ps", ["-eo", "rss,args"], { encoding: "utf8" }).split("\n")) {
        const rss = Number(line.trim().split(/\s+/)[0]) / 1024 || 0;
        if (line.includes("cmd/dynamic-provider")) provider = Math.max(provider, rss);
        else if (/\/bin\/pulumi (up|preview|refresh|destroy)/.test(line)) cli = Math.max(cli, rss);
      }
    } catch {
      /* ps raced with an exiting process */
    }
  }, 100);
  try {
    return { result: await work(), cli, provider };
  } finally {
    clearInterval(timer);
  }
}

/** Runs a CLI command (`--yes` unless it is a preview); fails with its output when it fails. */
export async function timed(run: PulumiRun, ...args: string[]) {
  const started = performance.now();
  const yes = args[0] === "preview" ? [] : ["--yes"];
  const measured = await peaks(() => run.cliResult(...args, ...yes, "--non-interactive"));
  if (measured.result.code !== 0)
    throw new Error(`pulumi ${args.join(" ")} failed:\n${measured.result.stdout}${measured.result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, cli: measured.cli, provider: measured.provider };
}

// Path segments that name the item after them: /sms/{serviceName}/users/{login}/receivers/{slotId}, …
const PLACEHOLDERS: Record<string, string> = {
  sms: "{sn}",
  users: "{login}",
  receivers: "{slot}",
  senders: "{sender}",
  document: "{id}",
  documents: "{id}",
};

/** A logged path as its route: `/sms/{sn}/users/{login}` (the `/1.0` prefix and any query dropped). */
export function route(logged: string): string {
  const parts = (logged.split("?")[0] as string).replace(/^\/1\.0(?=\/)/, "").split("/");
  return parts
    .map((part, i) =>
      i > 1 && PLACEHOLDERS[parts[i - 1] as string] ? PLACEHOLDERS[parts[i - 1] as string] : part,
    )
    .join("/");
}

/** Calls the emulator logged since the last `clearRequests`, counted per "METHOD route". */
export function callsByRoute(run: PulumiRun): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of run.emulator.control.requests()) {
    const key = `${r.method} ${route(r.path)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface StateSize {
  count: number;
  min: number;
  median: number;
  max: number;
  /** Bytes of each field of the median entry (compact JSON of its value), plus `__provider` of its inputs and outputs. */
  parts: Record<string, number>;
  /** The median entry itself. */
  entry: Record<string, unknown>;
}

/** Compact JSON size of the entries of resources of type `…ovh-sms:<kind>` in `pulumi stack export`. */
export async function stateSize(run: PulumiRun, kind: string): Promise<StateSize> {
  const state = JSON.parse(await run.cli("stack", "export")) as {
    deployment: { resources: Array<Record<string, unknown>> };
  };
  const entries = state.deployment.resources
    .filter((r) => String(r.type).endsWith(`ovh-sms:${kind}`))
    .map((r) => ({ r, bytes: JSON.stringify(r).length }))
    .sort((a, b) => a.bytes - b.bytes);
  if (entries.length === 0) throw new Error(`no ${kind} in the state`);
  const median = entries[Math.floor((entries.length - 1) / 2)] as (typeof entries)[number];
  const parts = Object.fromEntries(Object.entries(median.r).map(([k, v]) => [k, JSON.stringify(v).length]));
  for (const side of ["inputs", "outputs"]) {
    const provider = (median.r[side] as Record<string, unknown> | undefined)?.__provider;
    if (provider !== undefined) parts[`${side}.__provider`] = JSON.stringify(provider).length;
  }
  return {
    count: entries.length,
    min: (entries[0] as (typeof entries)[number]).bytes,
    median: median.bytes,
    max: (entries[entries.length - 1] as (typeof entries)[number]).bytes,
    parts,
    entry: median.r,
  };
}

export function reportFailure(error: unknown): void {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
