// API calls and state size per resource kind (issue 9), with the package installed from its tarball in a
// project outside the repository, run by the real CLI and language host against an emulator started in
// this process. For each kind, N resources with every setting declared (a fresh stack and emulator each):
//   pulumi up --skip-preview, a no-op pulumi preview (--expect-no-changes), pulumi refresh --skip-preview,
//   pulumi refresh (with its preview), pulumi destroy
// counting the calls the emulator logged in each (per route, and per resource), and the compact JSON size
// of each resource's entry in `pulumi stack export` (min/median/max, the median entry's fields).
//   npm run bench:kinds   (or: npx tsx bench/kinds.ts [--n 20] [--latency 0] [--kinds SmsUser,SmsSender] [--show-entry])
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { SeedDocument } from "../emulator";
import type { PulumiRun } from "../test/e2e/harness";
import {
  arg,
  callsByRoute,
  customerSeed,
  fullUser,
  inPackedProject,
  reportFailure,
  stateSize,
  timed,
  withProject,
  type StateSize,
} from "./common";

const N = Number(arg("n", "20"));
const LATENCY = Number(arg("latency", "0"));
const ONLY = arg("kinds", "").split(",").filter(Boolean);
/** Also print the median state entry of each kind. */
const SHOW_ENTRY = process.argv.includes("--show-entry");
/** Slots declared per owner (a user; OVH has 9). */
const SLOTS_PER_OWNER = 5;

const account = (i: number) => `sms-ki${String(i).padStart(5, "0")}-1`;
const accounts = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ serviceName: account(i), creditsLeft: 1e6 }));

// The API cookbook's contacts.csv (spaces around the separators, French national numbers).
const COOKBOOK = [
  "number ;lastname ;firstname ;address",
  "0662000000 ;Dupont ;Jean ;1 rue de la Paix Paris",
  "0662000001 ;Martin ;Marie ;2 avenue Foch Lyon",
].join("\n");

interface Scenario {
  /** The package's class. */
  type: string;
  label: string;
  /** How the N resources are spread: what the per-account calls are counted against. */
  layout: string;
  seed: SeedDocument;
  resources: Array<{ name: string; args: Record<string, unknown> }>;
}

/** Users owning the slots: SLOTS_PER_OWNER each, spread over 2 accounts (seeded: they exist). */
function slotOwners(): Array<{ serviceName: string; login: string }> {
  const owners = Math.ceil(N / SLOTS_PER_OWNER);
  return Array.from({ length: owners }, (_, i) => ({ serviceName: account(i % 2), login: `owner${i}` }));
}

function slotSeed(): SeedDocument {
  const owners = slotOwners();
  return customerSeed(
    "ki00000-ovh",
    accounts(2).map((a) => ({
      ...a,
      users: owners
        .filter((o) => o.serviceName === a.serviceName)
        .map((o) => ({ login: o.login, password: "Owner123" })),
    })),
  );
}

function slot(i: number, source: Record<string, unknown>) {
  const owner = slotOwners()[Math.floor(i / SLOTS_PER_OWNER)] as { serviceName: string; login: string };
  const slotId = (i % SLOTS_PER_OWNER) + 1;
  return {
    name: `${owner.serviceName}/${owner.login}/${slotId}`,
    args: { ...owner, slotId, description: `contacts ${i}`, ...source, adopt: false },
  };
}

function scenarios(csvOrigin: string): Scenario[] {
  const range = Array.from({ length: N }, (_, i) => i);
  const owners = `${Math.ceil(N / SLOTS_PER_OWNER)} users (${SLOTS_PER_OWNER} slots each) on 2 accounts`;
  return [
    {
      type: "SmsUser",
      label: "SmsUser",
      layout: "2 accounts",
      seed: customerSeed("ki00000-ovh", accounts(2)),
      resources: range.map((i) => {
        const args = { ...fullUser(account(i % 2), i), adopt: false };
        return { name: `${args.serviceName}/${args.login}`, args };
      }),
    },
    {
      type: "SmsAccount",
      label: "SmsAccount",
      layout: `${N} accounts (one resource each)`,
      seed: customerSeed("ki00000-ovh", accounts(N)),
      resources: range.map((i) => ({
        name: account(i),
        args: {
          serviceName: account(i),
          description: `Customer ${i} (managed)`,
          callbackUrl: `https://hooks.example.com/c${i}/dlr`,
          stopCallbackUrl: `https://hooks.example.com/c${i}/stop`,
          smsResponse: {
            responseType: "cgi",
            cgiUrl: `https://hooks.example.com/c${i}/reply`,
            text: "Thanks, we will call you back",
            trackingDefaultSmsSender: "ACME",
            trackingOptions: [
              { media: "sms", sender: "ACME", target: "+33612345678" },
              { media: "email", sender: "sms@example.com", target: "ops@example.com" },
            ],
          },
          automaticRecreditAmount: 500,
          creditThresholdForAutomaticRecredit: 50,
          templates: {
            customizedEmailMode: true,
            customizedSmsMode: true,
            emailBody: "Your account is low on credits",
            emailFrom: "sms@example.com",
            emailSubject: "SMS credits",
            smsBody: "Low on SMS credits",
          },
          onDelete: "restore",
        },
      })),
    },
    {
      type: "SmsReceiverSlot",
      label: "SmsReceiverSlot (csv)",
      layout: owners,
      seed: slotSeed(),
      resources: range.map((i) => slot(i, { csv: COOKBOOK, defaultCountry: "FR" })),
    },
    {
      type: "SmsReceiverSlot",
      label: "SmsReceiverSlot (csvUrl)",
      layout: owners,
      seed: slotSeed(),
      resources: range.map((i) =>
        slot(i, { csvUrl: `${csvOrigin}/contacts-${i}.csv`, autoUpdate: true, defaultCountry: "FR" }),
      ),
    },
    {
      type: "SmsSender",
      label: "SmsSender",
      layout: "2 accounts",
      seed: customerSeed("ki00000-ovh", accounts(2)),
      resources: range.map((i) => ({
        name: `${account(i % 2)}/Brand${i}`,
        args: {
          serviceName: account(i % 2),
          sender: `Brand${i}`,
          description: "order notifications",
          reason: "The shop's name, for order notifications",
          enabled: true,
          adopt: false,
        },
      })),
    },
    {
      type: "SmsCreditTransfer",
      label: "SmsCreditTransfer",
      layout: "2 accounts of one customer, all from the first to the second",
      seed: customerSeed("ki00000-ovh", accounts(2)),
      resources: range.map((i) => ({
        name: `funding-${i}`,
        args: {
          from: account(0),
          to: account(1),
          credits: 1.5,
          triggers: ["2026-12", i],
          reverseOnDelete: true,
        },
      })),
    },
  ].filter((s) => ONLY.length === 0 || ONLY.includes(s.type) || ONLY.includes(s.label));
}

/** A loopback server for csvUrl slots (the emulator downloads from loopback only). */
async function csvServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/csv" });
    res.end("number;lastname;firstname\n+33662000000;Dupont;Jean\n+33662000001;Martin;Marie\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const STEPS = [
  ["up", ["up", "--skip-preview"]],
  ["no-op preview", ["preview", "--expect-no-changes"]],
  ["refresh --skip-preview", ["refresh", "--skip-preview"]],
  ["refresh (with its preview)", ["refresh"]],
  ["destroy (with its preview)", ["destroy"]],
] as const;

interface StepResult {
  step: string;
  seconds: number;
  total: number;
  routes: Map<string, number>;
}

async function measure(run: PulumiRun, spec: string, scenario: Scenario) {
  fs.writeFileSync(
    spec,
    JSON.stringify({
      kind: "resources",
      resources: scenario.resources.map((r) => ({ type: scenario.type, ...r })),
    }),
  );
  const steps: StepResult[] = [];
  let state: StateSize | undefined;
  let intent: StateSize | undefined;
  for (const [step, args] of STEPS) {
    if (args[0] === "destroy") state = await stateSize(run, scenario.type);
    // Each transfer brings the intent it records first (provider/smsCreditTransferIntent.ts).
    if (args[0] === "destroy" && scenario.type === "SmsCreditTransfer")
      intent = await stateSize(run, "SmsCreditTransferIntent");
    run.emulator.control.clearRequests();
    const { seconds } = await timed(run, ...args);
    const routes = callsByRoute(run);
    const total = [...routes.values()].reduce((a, b) => a + b, 0);
    steps.push({ step, seconds, total, routes });
  }
  return { steps, state: state as StateSize, intent };
}

/**
 * What a route's calls scale with: a list is read once per account (or slot owner) and operation, and so is
 * the account itself where check reads it (SmsCreditTransfer also reads both balances around each
 * transfer: there GET /sms/{sn} is per resource too); the client's clock and credential checks once per
 * operation; the rest per resource. `PUT /_emulator/documents/{id}` stands for OVH's object storage (a
 * document's putUrl), not the API.
 */
function scope(route: string): "account or list" | "per operation" | "document storage" | undefined {
  if (/^GET \/sms\/\{sn\}$/.test(route) || /^GET .*\/(users|senders|receivers)$/.test(route))
    return "account or list";
  if (route.includes(" /auth/")) return "per operation";
  if (route.includes(" /_emulator/documents/")) return "document storage";
  return undefined;
}

const per = (n: number) => (n / N).toFixed(2).replace(/\.?0+$/, "");

function report(scenario: Scenario, result: Awaited<ReturnType<typeof measure>>): string {
  const lines = [`## ${scenario.label}: ${N} resources, ${scenario.layout}`];
  for (const { step, seconds, total, routes } of result.steps) {
    const sorted = [...routes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const listed = sorted.map(([route, count]) => {
      const s = scope(route);
      return `${count} × ${route}${s ? ` (${s})` : ""}`;
    });
    const sum = (which: ReturnType<typeof scope>) =>
      sorted.filter(([r]) => scope(r) === which).reduce((n, [, c]) => n + c, 0);
    lines.push(
      `${step}: ${total} calls = ${per(total)} per resource; per-resource routes ${sum(undefined)} ` +
        `(${per(sum(undefined))} each), account reads and lists ${sum("account or list")}, ` +
        `per-operation /auth ${sum("per operation")}, document storage ${sum("document storage")}; ` +
        `${seconds.toFixed(1)} s; ${listed.join(", ") || "none"}`,
    );
  }
  const s = result.state;
  const engine = Object.entries(s.parts)
    .filter(([k]) => !["inputs", "outputs"].includes(k) && !k.includes("."))
    .reduce((a, [, v]) => a + v, 0);
  lines.push(
    `state per resource (compact JSON of its stack export entry): min ${s.min}, median ${s.median}, max ${s.max} ` +
      `bytes over ${s.count}; median entry: inputs ${s.parts.inputs ?? 0}, outputs ${s.parts.outputs ?? 0}, ` +
      `engine metadata ${engine} (field values; keys and punctuation make up the rest); fields ${JSON.stringify(s.parts)}`,
  );
  if (result.intent)
    lines.push(
      `and its SmsCreditTransferIntent: min ${result.intent.min}, median ${result.intent.median}, max ` +
        `${result.intent.max} bytes; median entry: inputs ${result.intent.parts.inputs ?? 0}, outputs ` +
        `${result.intent.parts.outputs ?? 0}`,
    );
  if (SHOW_ENTRY) lines.push(`median entry: ${JSON.stringify(s.entry)}`);
  return lines.join("\n") + "\n\n";
}

/** The commit the package was packed from, and the shipped sources changed since (a shared checkout). */
function packedFrom(): string {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" });
  const changed = git("status", "--porcelain", "--", "provider", "sdk", "emulator")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
  const head = git("rev-parse", "--short", "HEAD").trim();
  return changed.length > 0 ? `${head} + uncommitted: ${changed.join(", ")}` : head;
}

async function main(): Promise<void> {
  const from = packedFrom();
  await inPackedProject("ovh-sms-kinds", async (project) => {
    const csv = await csvServer();
    try {
      process.stdout.write(
        `# API calls and state per resource kind, latency ${LATENCY} ms, package from its tarball (packed from ${from})\n\n`,
      );
      for (const scenario of scenarios(csv.origin)) {
        const result = await withProject(project, scenario.seed, async (run, spec) => {
          run.emulator.control.setFaults({ latencyMs: LATENCY });
          return measure(run, spec, scenario);
        });
        process.stdout.write(report(scenario, result));
      }
    } finally {
      await csv.close();
    }
  });
}

main().catch(reportFailure);
