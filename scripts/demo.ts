/**
 * `npm start`: the root program (Pulumi.yaml + accounts.yaml) applied with the real Pulumi engine to an
 * emulated OVH customer account, then a no-op run, then drift made "in the control panel" and repaired.
 */
import { createRequire } from "node:module";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { createClient, getAccount, getUser, updateUser } from "../sdk";
import { loadAccountsFile } from "../provider/accounts";
import { localWorkspaceOptions } from "./localEngine";

const root = path.resolve(__dirname, "..");
const nodeRequire = createRequire(path.join(root, "package.json"));
const automation = nodeRequire("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
const { ensurePulumi } = nodeRequire("./scripts/ensure-pulumi.js") as { ensurePulumi(): Promise<string> };

const STACK = "demo";
const credentials = {
  applicationKey: "demoAppKey000001",
  applicationSecret: crypto.randomBytes(16).toString("hex"),
  consumerKey: crypto.randomBytes(16).toString("hex"),
};

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function password(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  return Array.from(crypto.randomBytes(8), (b) => alphabet[b % alphabet.length]).join("");
}

async function main(): Promise<void> {
  const started = Date.now();
  const engineBin = await ensurePulumi();
  const accounts = loadAccountsFile(path.join(root, "accounts.yaml"));
  const services = accounts.accounts.map((a) => a.serviceName);
  const emulator = await startEmulator({
    port: 0,
    quiet: true,
    seed: {
      customers: [
        {
          nic: "demo0001-ovh",
          services: services.map((serviceName, i) => ({ serviceName, creditsLeft: i === 0 ? 1000 : 400 })),
          applications: [
            {
              applicationKey: credentials.applicationKey,
              applicationSecret: credentials.applicationSecret,
              consumerKeys: [{ consumerKey: credentials.consumerKey }],
            },
          ],
        },
      ],
    },
  });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "ovh-sms-demo-"));
  const stackFile = path.join(root, `Pulumi.${STACK}.yaml`);
  try {
    say(`OVH API emulator: ${emulator.endpoint} (customer demo0001-ovh, accounts ${services.join(", ")})`);
    const client = createClient({
      endpoint: emulator.endpoint,
      ...credentials,
      ca: fs.readFileSync(emulator.caFile),
    });
    const credits = async () =>
      Object.fromEntries(
        await Promise.all(
          services.map(async (s) => {
            const account = await getAccount(client, s);
            return [s, `${account.creditsLeft} free + ${account.creditsHoldByQuota} held by quotas`] as const;
          }),
        ),
      );
    const before = await credits();

    const stack = await automation.LocalWorkspace.createOrSelectStack(
      { stackName: STACK, workDir: root },
      await localWorkspaceOptions({ engineBin, stateDir: home, passphrase: "demo", caFile: emulator.caFile }),
    );
    await stack.setAllConfig({
      "ovh:endpoint": { value: emulator.endpoint },
      "ovh:applicationKey": { value: credentials.applicationKey },
      "ovh:applicationSecret": { value: credentials.applicationSecret, secret: true },
      "ovh:consumerKey": { value: credentials.consumerKey, secret: true },
      ...Object.fromEntries(
        accounts.accounts.flatMap((a) =>
          a.users.map((u) => [u.passwordSecret, { value: password(), secret: true }]),
        ),
      ),
    });

    say("\n1. pulumi up (creates everything accounts.yaml declares)");
    const up = await stack.up();
    say(`   ${summary(up.summary.resourceChanges, true)}`);
    for (const line of created(up.outputs)) say(`   + ${line}`);
    const after = await credits();
    for (const s of services) say(`   ${s}: before ${before[s]}; after ${after[s]}`);

    say("\n2. pulumi preview (nothing changed)");
    const quiet = await stack.preview();
    say(`   ${summary(quiet.changeSummary)}`);

    const [firstAccount] = accounts.accounts;
    const victim = firstAccount?.users[0];
    if (firstAccount && victim) {
      say(`\n3. someone edits ${firstAccount.serviceName}/${victim.login} in the control panel`);
      await updateUser(client, firstAccount.serviceName, victim.login, {
        callBack: "https://old-hooks.example.net/dlr",
        ipRestrictions: ["192.0.2.99"],
      });
      emulator.control.consume(firstAccount.serviceName, victim.login, 25);
      say("   callback and IP restrictions changed; 25 credits of its quota were also spent (not drift)");
      let shown = "";
      const drift = await stack.preview({ refresh: true, diff: true, onOutput: (text) => (shown += text) });
      say(
        `   pulumi preview --refresh --diff: ${summary(drift.changeSummary)}; what differs from the live user:`,
      );
      for (const line of driftLines(shown)) say(`     ${line}`);
      const repair = await stack.up();
      say(`   pulumi up: ${summary(repair.summary.resourceChanges, true)}`);
      const repaired = await getUser(client, firstAccount.serviceName, victim.login);
      say(
        `   now: callback ${repaired.callBack}, IPs [${repaired.ipRestrictions.join(", ")}], ` +
          `quota left ${repaired.quotaInformations.quotaLeft} (consumption kept)`,
      );
    }
    say(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. The emulator stops now.`);
  } finally {
    await emulator.close();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(stackFile, { force: true });
  }
}

type Outputs = Record<string, { value?: unknown }>;

/** One line per resource the root program made, from its stack outputs (one output per kind). */
function created(outputs: Outputs): string[] {
  const of = <T>(name: string) => Object.entries((outputs[name]?.value ?? {}) as Record<string, T>);
  return [
    ...of<{ description: string; callbackUrl: string | null }>("smsAccounts").map(
      ([name, a]) => `${name}: description "${a.description}", callback ${a.callbackUrl ?? "none"}`,
    ),
    ...of<{ outcome: string; toCreditsLeft: number }>("smsCreditTransfers").map(
      ([name, t]) => `${name}: ${t.outcome}, the target has ${t.toCreditsLeft} credits free after it`,
    ),
    ...of<{ quotaLeft: number; ipRestrictions: string[] }>("smsUsers").map(
      ([name, u]) => `${name}: quota ${u.quotaLeft} credits, IPs [${u.ipRestrictions.join(", ")}]`,
    ),
    ...of<{ status: string }>("smsSenders").map(([name, s]) => `${name}: ${s.status}`),
    ...of<{ records: number; columns: string[] }>("smsReceiverSlots").map(
      ([name, r]) => `${name}: ${r.records} receiver(s), columns ${r.columns.join(", ")}`,
    ),
  ];
}

/** Pulumi's own resource summary (the stack itself counts as a resource). */
function summary(changes: Record<string, number> | undefined, done = false): string {
  const entries = Object.entries(changes ?? {});
  if (entries.every(([op]) => op === "same")) return "no changes";
  const words: Record<string, string> = done
    ? { same: "unchanged", create: "created", update: "updated", replace: "replaced", delete: "deleted" }
    : {
        same: "unchanged",
        create: "to create",
        update: "to update",
        replace: "to replace",
        delete: "to delete",
      };
  return entries.map(([op, n]) => `${n} ${words[op] ?? op}`).join(", ");
}

/** The changed-field lines of the refresh part of `pulumi preview --refresh --diff`. */
function driftLines(output: string): string[] {
  const refresh = output.split("pulumi:pulumi:Stack: (same)")[0] ?? "";
  // Only the users' blocks: the account's credit figures moved too (the quota was spent), which is
  // read-only information, not drift.
  let inUser = false;
  return refresh
    .split("\n")
    .filter((line) => {
      if (line.includes(": (refresh)")) inUser = line.includes(":SmsUser:");
      return inUser;
    })
    .filter((line) => /^\s+[~+-] /.test(line) || /^\s+[~+-] \[\d+\]/.test(line) || /^\s+\]$/.test(line))
    .map((line) => line.replace(/^\s{4}/, ""));
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
