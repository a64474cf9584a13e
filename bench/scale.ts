// SmsUser's cost at scale, with the package installed from its tarball in a project outside the repo and
// the real CLI, next to two baselines measured in the same run:
//   - the floor: the same number of dynamic resources whose provider does nothing (the engine's own cost);
//   - a plain @ovhcloud/node-ovh script making the API calls a create (POST + PUT) or a read (GET) needs,
//     at the provider's concurrency (8).
// Overhead = (our time − floor time) / script time, for up, a no-op preview and refresh.
//   npm run bench:scale   (or: npx tsx bench/scale.ts [--users 200] [--accounts 2] [--latency 50,200]
//                           [--sizes 100,300,1000 --size-accounts 20] )
import * as fs from "node:fs";
import { CREDENTIALS, type PulumiRun } from "../test/e2e/harness";
import {
  arg,
  customerSeed,
  fullUser,
  inPackedProject,
  numbers,
  reportFailure,
  stateSize,
  timed,
  withProject,
} from "./common";

const USERS = Number(arg("users", "200"));
const ACCOUNTS = Number(arg("accounts", "2"));
const LATENCIES = numbers(arg("latency", "50,200"));
const SIZES = numbers(arg("sizes", ""));
const SIZE_ACCOUNTS = Number(arg("size-accounts", "20"));
const SIZE_LATENCY = Number(arg("size-latency", "50"));
const CONCURRENCY = 8;

const account = (i: number) => `sms-sc${String(i).padStart(5, "0")}-1`;

function seed(accounts: number) {
  return customerSeed(
    "sc00000-ovh",
    Array.from({ length: accounts + 1 }, (_, i) => ({ serviceName: account(i), creditsLeft: 1e7 })),
  );
}

/** A user with every setting. */
const user = (i: number, accounts: number) => fullUser(account(i % accounts), i);

function calls(run: PulumiRun): { total: number; byKind: Record<string, number> } {
  const byKind: Record<string, number> = {};
  for (const r of run.emulator.control.requests()) {
    if (!r.path.startsWith("/1.0/sms")) continue;
    const depth = r.path.split("/").length; // /1.0/sms/sn = 4, …/users = 5, …/users/x = 6
    const kind = `${r.method} ${depth === 4 ? "account" : depth === 5 ? "list/create" : "user"}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
}

type Ovh = {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
};

async function pool<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** The same API work from a plain node-ovh script: creates (POST + PUT), then one GET per user. */
async function script(run: PulumiRun, count: number) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ovhFactory = require("@ovhcloud/node-ovh") as (params: Record<string, unknown>) => Ovh;
  const ovh = ovhFactory({
    appKey: CREDENTIALS.applicationKey,
    appSecret: CREDENTIALS.applicationSecret,
    consumerKey: CREDENTIALS.consumerKey,
    host: "127.0.0.1",
    port: new URL(run.emulator.origin).port,
    basePath: "/1.0",
  });
  const sn = account(ACCOUNTS); // an account the stack does not use
  const users = Array.from({ length: count }, (_, i) => ({ ...user(i, 1), serviceName: sn, login: `s${i}` }));
  let started = performance.now();
  await pool(users, async (u) => {
    await ovh.requestPromised("POST", `/sms/${sn}/users`, { login: u.login, password: u.password });
    await ovh.requestPromised("PUT", `/sms/${sn}/users/${u.login}`, {
      callBack: u.callbackUrl,
      stopCallBack: u.stopCallbackUrl,
      ipRestrictions: u.ipRestrictions,
      quotaInformations: { quotaLeft: 10, quotaStatus: "active" },
      alertThresholdInformations: {
        alertThreshold: 2,
        support: "both",
        alertEmail: u.alert.email,
        alertNumber: u.alert.phoneNumber,
      },
    });
  });
  const create = (performance.now() - started) / 1000;
  started = performance.now();
  await pool(users, (u) => ovh.requestPromised("GET", `/sms/${sn}/users/${u.login}`));
  const read = (performance.now() - started) / 1000;
  await pool(users, (u) => ovh.requestPromised("DELETE", `/sms/${sn}/users/${u.login}`));
  return { create, read };
}

/** up, no-op preview, refresh (with and without its preview), destroy; calls, times, memory, state size. */
async function measureUsers(run: PulumiRun, spec: string, count: number, accounts: number) {
  fs.writeFileSync(
    spec,
    JSON.stringify({ kind: "sms", users: Array.from({ length: count }, (_, i) => user(i, accounts)) }),
  );
  run.emulator.control.clearRequests();
  const up = await timed(run, "up", "--skip-preview");
  const upCalls = calls(run);
  run.emulator.control.clearRequests();
  const preview = await timed(run, "preview");
  const previewCalls = calls(run);
  run.emulator.control.clearRequests();
  const refresh = await timed(run, "refresh");
  const refreshCalls = calls(run);
  run.emulator.control.clearRequests();
  await timed(run, "refresh", "--skip-preview");
  const refreshOnlyCalls = calls(run);
  const { median: bytes, parts } = await stateSize(run, "SmsUser");
  const destroy = await timed(run, "destroy");
  return {
    up,
    upCalls,
    preview,
    previewCalls,
    refresh,
    refreshCalls,
    refreshOnlyCalls,
    bytes,
    parts,
    destroy,
  };
}

async function measureFloor(run: PulumiRun, spec: string, count: number, shaped = false) {
  const users = Array.from({ length: count }, (_, i) => user(i, ACCOUNTS));
  fs.writeFileSync(spec, JSON.stringify(shaped ? { kind: "noop", users } : { kind: "noop", count }));
  const up = await timed(run, "up", "--skip-preview");
  const preview = await timed(run, "preview");
  const refresh = await timed(run, "refresh");
  await timed(run, "destroy");
  return { up, preview, refresh };
}

const f = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  await inPackedProject("ovh-sms-scale", async (project) => {
    for (const latency of LATENCIES) {
      const out = await withProject(project, seed(ACCOUNTS), async (run, spec) => {
        run.emulator.control.setFaults({ latencyMs: latency });
        const floor = await measureFloor(run, spec, USERS);
        const shaped = await measureFloor(run, spec, USERS, true);
        const ours = await measureUsers(run, spec, USERS, ACCOUNTS);
        const api = await script(run, USERS);
        return { floor, shaped, ours, api };
      });
      const { floor, shaped, ours, api } = out;
      const ratio = (a: number, b: number, s: number) => ((a - b) / s).toFixed(2);
      process.stdout.write(
        [
          `## ${USERS} users over ${ACCOUNTS} accounts, latency ${latency} ms (package from its tarball)`,
          `floor = no-op resources with one property; shaped floor = no-op resources with an SmsUser's properties`,
          `up --skip-preview: ours ${f(ours.up.seconds)} s, floor ${f(floor.up.seconds)} s, shaped floor ${f(shaped.up.seconds)} s, script (POST + PUT) ${f(api.create)} s → (ours − floor)/script ${ratio(ours.up.seconds, floor.up.seconds, api.create)}, (ours − shaped)/script ${ratio(ours.up.seconds, shaped.up.seconds, api.create)}`,
          `no-op preview: ours ${f(ours.preview.seconds)} s, floor ${f(floor.preview.seconds)} s, shaped floor ${f(shaped.preview.seconds)} s, script (GET) ${f(api.read)} s → ${ratio(ours.preview.seconds, floor.preview.seconds, api.read)}, ${ratio(ours.preview.seconds, shaped.preview.seconds, api.read)}`,
          `refresh (2 GETs per user: its preview and itself): ours ${f(ours.refresh.seconds)} s, floor ${f(floor.refresh.seconds)} s, shaped floor ${f(shaped.refresh.seconds)} s, script (2 × GET) ${f(2 * api.read)} s → ${ratio(ours.refresh.seconds, floor.refresh.seconds, 2 * api.read)}, ${ratio(ours.refresh.seconds, shaped.refresh.seconds, 2 * api.read)}`,
          `API calls: up ${ours.upCalls.total} ${JSON.stringify(ours.upCalls.byKind)}; no-op preview ${ours.previewCalls.total} ${JSON.stringify(ours.previewCalls.byKind)}; refresh ${ours.refreshCalls.total} ${JSON.stringify(ours.refreshCalls.byKind)}; refresh --skip-preview ${ours.refreshOnlyCalls.total} ${JSON.stringify(ours.refreshOnlyCalls.byKind)}`,
          `state per SmsUser (compact JSON of its stack export entry, median): ${Math.round(ours.bytes)} bytes ${JSON.stringify(ours.parts)}`,
          `peak RSS: provider ${f(ours.up.provider)} MiB, CLI ${f(ours.up.cli)} MiB (up)`,
          "",
        ].join("\n") + "\n",
      );
    }
    for (const size of SIZES) {
      const ours = await withProject(project, seed(SIZE_ACCOUNTS), async (run, spec) => {
        run.emulator.control.setFaults({ latencyMs: SIZE_LATENCY });
        return measureUsers(run, spec, size, SIZE_ACCOUNTS);
      });
      const mem = (m: { cli: number; provider: number }) => `provider ${f(m.provider)} / CLI ${f(m.cli)} MiB`;
      process.stdout.write(
        `size ${size} users over ${SIZE_ACCOUNTS} accounts at ${SIZE_LATENCY} ms: up ${f(ours.up.seconds)} s (${mem(ours.up)}), ` +
          `no-op preview ${f(ours.preview.seconds)} s (${mem(ours.preview)}), refresh ${f(ours.refresh.seconds)} s, ` +
          `destroy ${f(ours.destroy.seconds)} s (${mem(ours.destroy)}); state ${Math.round(ours.bytes)} bytes per user; ` +
          `calls up ${ours.upCalls.total}, preview ${ours.previewCalls.total}, refresh ${ours.refreshCalls.total}\n`,
      );
    }
  });
}

main().catch(reportFailure);
