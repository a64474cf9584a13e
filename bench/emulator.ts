// Emulator throughput: how many signed API requests per second one client process gets served.
// The emulator runs in a child process (its own event loop, as in real use); this process only signs and sends.
//   npm run bench:emulator            (or: npx tsx bench/emulator.ts [--seconds 5] [--concurrency 32])
// The measured request is GET /sms/{sn}/users/{login}; the client's own signing cost is included.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient, getUser } from "../sdk";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "32" },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const APP = { key: "bench-app", secret: "bench-secret", consumerKey: "bench-ck" };
const PATH = "/1.0/sms/sms-bench-1/users/alice";

async function startChild(dir: string): Promise<{ child: ChildProcess; port: number; caFile: string }> {
  const seedFile = join(dir, "seed.json");
  writeFileSync(
    seedFile,
    JSON.stringify({
      customers: [
        {
          nic: "bench-ovh",
          services: [
            {
              serviceName: "sms-bench-1",
              creditsLeft: 1000,
              users: [{ login: "alice", password: "Abcd1234" }],
            },
          ],
          applications: [
            {
              applicationKey: APP.key,
              applicationSecret: APP.secret,
              consumerKeys: [{ consumerKey: APP.consumerKey }],
            },
          ],
        },
      ],
    }),
  );
  const args = [
    // BENCH_PROFILE=dir writes a CPU profile of the emulator process there (open it in Chrome DevTools).
    ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    "--import",
    "tsx",
    "emulator/cli.ts",
    "--port",
    "0",
    "--quiet",
    "--seed",
    seedFile,
    "--ca-dir",
    join(dir, "ca"),
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      const caFile = /CA certificate: (.+)/.exec(out)?.[1];
      if (port && caFile) resolve({ child, port: Number(port), caFile: caFile.trim() });
    });
  });
}

function signedGet(agent: https.Agent, port: number): Promise<number> {
  const ts = String(Math.floor(Date.now() / 1000));
  const toSign = `${APP.secret}+${APP.consumerKey}+GET+https://127.0.0.1${PATH}++${ts}`;
  const signature = `$1$${createHash("sha1").update(toSign).digest("hex")}`;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path: PATH,
        method: "GET",
        agent,
        headers: {
          "X-Ovh-Application": APP.key,
          "X-Ovh-Consumer": APP.consumerKey,
          "X-Ovh-Timestamp": ts,
          "X-Ovh-Signature": signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function measure(agent: https.Agent, port: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t = performance.now();
      const status = await signedGet(agent, port);
      latencies.push(performance.now() - t);
      if (status !== 200) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { requests: latencies.length, elapsed, errors, p50: pct(0.5), p99: pct(0.99) };
}

/** The same GET through the SDK (signing, limits, zod parsing), for the SDK's overhead per call. */
async function measureSdk(port: number, caFile: string, seconds: number) {
  const client = createClient({
    endpoint: `https://127.0.0.1:${port}/1.0`,
    applicationKey: APP.key,
    applicationSecret: APP.secret,
    consumerKey: APP.consumerKey,
    ca: readFileSync(caFile),
    maxConcurrency: CONCURRENCY,
  });
  let requests = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await getUser(client, "sms-bench-1", "alice");
      requests++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  client.close();
  return { requests, elapsed };
}

/** Client-process CPU time per request, in µs: what one call costs this process. */
async function cpuPerRequest(run: () => Promise<{ requests: number }>): Promise<[number, number]> {
  const before = process.cpuUsage();
  const { requests } = await run();
  const used = process.cpuUsage(before);
  return [(used.user + used.system) / requests, requests];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ovh-sms-bench-"));
  const { child, port, caFile } = await startChild(dir);
  const agent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: readFileSync(caFile) });
  try {
    await measure(agent, port, 1); // warm-up: TLS handshakes, JIT
    const r = await measure(agent, port, SECONDS);
    const rate = r.requests / r.elapsed;
    console.log(
      `emulator (child process), GET ${PATH}, signed, keep-alive, concurrency ${CONCURRENCY}, node ${process.version}`,
    );
    console.log(
      `  ${r.requests} requests in ${r.elapsed.toFixed(2)} s → ${rate.toFixed(0)} req/s (goal ≥ 2000)`,
    );
    console.log(
      `  latency p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, non-200 answers: ${r.errors}`,
    );
    if (r.errors > 0) process.exitCode = 1;

    await measureSdk(port, caFile, 1); // warm-up
    const [rawCpu] = await cpuPerRequest(() => measure(agent, port, SECONDS));
    let sdkRate = 0;
    const [sdkCpu] = await cpuPerRequest(async () => {
      const s = await measureSdk(port, caFile, SECONDS);
      sdkRate = s.requests / s.elapsed;
      return s;
    });
    console.log(
      `SDK getUser() over the same GET: ${sdkRate.toFixed(0)} req/s; client CPU per call ${sdkCpu.toFixed(0)} µs ` +
        `vs ${rawCpu.toFixed(0)} µs for the bare signed request → SDK overhead ${(sdkCpu - rawCpu).toFixed(0)} µs per call`,
    );
  } finally {
    agent.destroy();
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
