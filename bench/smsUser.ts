// SmsUser at scale under the real Pulumi engine: N users against an emulator with fixed latency.
//   npm run bench:users            (or: npx tsx bench/smsUser.ts [--users 200] [--latency 50])
// Prints API calls per create / no-op preview / refresh, wall times of up and of a no-op preview next
// to a plain @ovhcloud/node-ovh script making the same calls at the same concurrency, state bytes per
// resource and the peak RSS of the dynamic provider process.
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator";
import { rerunTrustingEmulator } from "./trust";
import { localWorkspaceOptions } from "../scripts/localEngine";

const root = path.resolve(__dirname, "..");
const nodeRequire = createRequire(path.join(root, "package.json"));
const automation = nodeRequire("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
const sms = nodeRequire("pulumi-ovh-sms") as typeof import("../provider");
const { ensurePulumi } = nodeRequire("./scripts/ensure-pulumi.js") as { ensurePulumi(): Promise<string> };
const Ovh = nodeRequire("@ovhcloud/node-ovh") as (params: Record<string, unknown>) => {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
};

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const USERS = arg("users", 200);
const LATENCY = arg("latency", 50);
const CONCURRENCY = 8; // the SDK client's default cap, used by the provider
const PARALLEL = arg("parallel", 0); // engine --parallel; 0 = the engine's default
const SN = "sms-bench0001-1";
// Emulator-only credentials, made up at each run (never literals that look like real secrets).
const creds = {
  applicationKey: "benchAppKey00001",
  applicationSecret: randomBytes(16).toString("hex"),
  consumerKey: randomBytes(16).toString("hex"),
};

function apiCalls(emulator: RunningEmulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of emulator.control.requests()) {
    if (!r.path.startsWith("/1.0/sms")) continue;
    const key = `${r.method} ${r.path.endsWith("/users") ? "list/create" : "user"}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Polls the dynamic provider processes' RSS while `work` runs. */
async function withPeakProviderRss<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const out = execFileSync("ps", ["-eo", "rss,args"], { encoding: "utf8" });
      for (const line of out.split("\n"))
        if (line.includes("dynamic-provider"))
          peak = Math.max(peak, Number(line.trim().split(/\s+/)[0]) || 0);
    } catch {
      // ps may race with exiting processes; the next tick measures again
    }
  }, 100);
  try {
    return [await work(), peak / 1024];
  } finally {
    clearInterval(timer);
  }
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

async function main(): Promise<void> {
  // node-ovh has no CA option: it trusts the emulator only through NODE_EXTRA_CA_CERTS.
  if (await rerunTrustingEmulator()) return;
  const engineBin = await ensurePulumi();
  const emulator = await startEmulator({
    port: 0,
    quiet: true,
    seed: {
      customers: [
        {
          nic: "bench01-ovh",
          services: [
            { serviceName: SN, creditsLeft: 1_000_000 },
            { serviceName: "sms-bench0002-1", creditsLeft: 1_000_000 },
          ],
          applications: [
            {
              applicationKey: creds.applicationKey,
              applicationSecret: creds.applicationSecret,
              consumerKeys: [{ consumerKey: creds.consumerKey }],
            },
          ],
        },
      ],
    },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ovh-sms-bench-"));
  const workDir = fs.mkdtempSync(path.join(root, ".e2e-work-bench-"));
  const logins = Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(4, "0")}`);
  try {
    emulator.control.setFaults({ latencyMs: LATENCY });
    const program = async () => {
      for (const login of logins)
        new sms.SmsUser(login, {
          serviceName: SN,
          login,
          password: "Bench123",
          callbackUrl: "https://hooks.example.com/dlr",
          quota: { credits: 10 },
        });
    };
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      { stackName: "bench", projectName: "ovh-sms-bench", program },
      {
        // The provider plugin starts in the project folder and must find node_modules up the tree.
        workDir,
        ...(await localWorkspaceOptions({
          engineBin,
          stateDir: dir,
          passphrase: "bench",
          caFile: emulator.caFile,
          env: process.env.PULUMI_SKIP_CHECKPOINTS
            ? { PULUMI_SKIP_CHECKPOINTS: process.env.PULUMI_SKIP_CHECKPOINTS }
            : {},
        })),
      },
    );
    await stack.setAllConfig({
      "ovh:endpoint": { value: emulator.endpoint },
      "ovh:applicationKey": { value: creds.applicationKey },
      "ovh:applicationSecret": { value: creds.applicationSecret, secret: true },
      "ovh:consumerKey": { value: creds.consumerKey, secret: true },
    });

    const engineOptions = PARALLEL > 0 ? { parallel: PARALLEL } : {};
    emulator.control.clearRequests();
    const [[, upSeconds], upRss] = await withPeakProviderRss(() => timed(() => stack.up(engineOptions)));
    const upCalls = apiCalls(emulator);
    emulator.control.clearRequests();
    const [[, previewSeconds], previewRss] = await withPeakProviderRss(() =>
      timed(() => stack.preview(engineOptions)),
    );
    const previewCalls = apiCalls(emulator);
    emulator.control.clearRequests();
    const [, refreshSeconds] = await timed(() => stack.refresh(engineOptions));
    const refreshCalls = apiCalls(emulator);
    // The state file as stored by the local backend (secrets encrypted), resource by resource.
    const stateFile = path.join(dir, "backend", ".pulumi", "stacks", "ovh-sms-bench", "bench.json");
    const stored = JSON.parse(fs.readFileSync(stateFile, "utf8")) as {
      checkpoint: { latest: { resources: Array<{ type: string }> } };
    };
    const userEntries = stored.checkpoint.latest.resources.filter((r) => r.type.endsWith(":SmsUser"));
    const perResource = userEntries.reduce((n, r) => n + JSON.stringify(r).length, 0) / userEntries.length;
    const sample = userEntries[0] as Record<string, unknown> | undefined;
    const parts = Object.entries(sample ?? {})
      .map(([k, v]) => `${k} ${JSON.stringify(v).length}`)
      .join(", ");

    // The same calls from a plain script: POST + PUT + GET per user, then one GET per user.
    const ovh = Ovh({
      appKey: creds.applicationKey,
      appSecret: creds.applicationSecret,
      consumerKey: creds.consumerKey,
      host: "127.0.0.1",
      port: new URL(emulator.origin).port,
      basePath: "/1.0",
    });
    const other = "sms-bench0002-1";
    const [, scriptUp] = await timed(() =>
      pool(logins, CONCURRENCY, async (login) => {
        await ovh.requestPromised("POST", `/sms/${other}/users`, { login, password: "Bench123" });
        await ovh.requestPromised("PUT", `/sms/${other}/users/${login}`, {
          callBack: "https://hooks.example.com/dlr",
          quotaInformations: { quotaLeft: 10, quotaStatus: "active" },
        });
        await ovh.requestPromised("GET", `/sms/${other}/users/${login}`);
      }),
    );
    const [, scriptGets] = await timed(() =>
      pool(logins, CONCURRENCY, (login) => ovh.requestPromised("GET", `/sms/${other}/users/${login}`)),
    );
    await stack.destroy();

    const lines = [
      `users ${USERS}, emulator latency ${LATENCY} ms, client concurrency ${CONCURRENCY}, engine parallel ${PARALLEL || "default"}` +
        (process.env.PULUMI_SKIP_CHECKPOINTS ? ", PULUMI_SKIP_CHECKPOINTS=true" : ""),
      `API calls per create: ${(total(upCalls) / USERS).toFixed(2)} ${JSON.stringify(upCalls)}`,
      `API calls per no-op preview: ${(total(previewCalls) / USERS).toFixed(3)} per user ${JSON.stringify(previewCalls)}`,
      `API calls per refresh: ${(total(refreshCalls) / USERS).toFixed(3)} per user ${JSON.stringify(refreshCalls)}`,
      `pulumi up: ${upSeconds.toFixed(1)} s; plain node-ovh script, same calls: ${scriptUp.toFixed(1)} s (ratio ${(upSeconds / scriptUp).toFixed(2)})`,
      `no-op preview: ${previewSeconds.toFixed(1)} s; script GETs: ${scriptGets.toFixed(1)} s; refresh: ${refreshSeconds.toFixed(1)} s`,
      `state bytes per resource (state file, secrets encrypted): ${Math.round(perResource)} (${parts})`,
      `peak RSS of the provider process: up ${upRss.toFixed(0)} MiB, preview ${previewRss.toFixed(0)} MiB`,
    ];
    process.stdout.write(lines.join("\n") + "\n");
  } finally {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
