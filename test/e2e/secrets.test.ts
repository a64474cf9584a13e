/**
 * Secrets never reach what the CLI prints, whatever their origin (a literal, `pulumi.secret` of an
 * environment variable, secret stack config, another resource's secret output) and whether the input is
 * valid or not: stdout, stderr, `--json` output and the engine's event log are searched in every form a
 * value takes there (see secrets.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, updateAccount } from "../../sdk";
import { CREDENTIALS, SERVICE_A, startPulumi, type CliResult, type PulumiRun } from "./harness";
import { leakedSecrets, leakReport } from "./secrets";

const ORIGINS = ["literal", "env", "config", "output"] as const;
/** Invalid passwords (a `!`, 9 characters…), one per origin, plus an invalid callback URL kept secret. */
const BAD = {
  literal: "Bad!pw01",
  env: "Bad!pw02",
  config: "Bad!pw03x",
  output: "Bad!pw04",
  callback: 'ftp://tok"en\\XYZ@example.com',
};
const GOOD = { literal: "GoodPw01", env: "GoodPw02", config: "GoodPw03", output: "GoodPw04" };
const SECRET_CALLBACK = "https://hooks.example.com/dlr?token=SecretTok3n";
const ALL_SECRETS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(BAD).map(([k, v]) => [`bad ${k}`, v])),
  ...Object.fromEntries(Object.entries(GOOD).map(([k, v]) => [`good ${k}`, v])),
  secretCallback: SECRET_CALLBACK,
  "good literal 2": "GoodPw05",
  applicationSecret: CREDENTIALS.applicationSecret,
  consumerKey: CREDENTIALS.consumerKey,
};

let run: PulumiRun;
let specFile: string;
let printed = "";

type Origin = (typeof ORIGINS)[number];

/** The program's users: one per password origin (or only `only`), plus one with a secret callback URL. */
function spec(passwords: Record<Origin, string>, callback: string, only?: Origin | "hooked") {
  const users: Record<string, unknown> = Object.fromEntries(
    ORIGINS.map((origin) => [
      origin,
      { passwordFrom: origin, args: { serviceName: SERVICE_A, login: origin, password: passwords[origin] } },
    ]),
  );
  users.hooked = {
    passwordFrom: "literal",
    secretFields: ["callbackUrl"],
    args: { serviceName: SERVICE_A, login: "hooked", password: "Hooked01", callbackUrl: callback },
  };
  const chosen = only ? { [only]: users[only] } : users;
  fs.writeFileSync(specFile, JSON.stringify({ users: chosen }));
}

async function usePasswords(passwords: Record<Origin, string>, callback: string, only?: Origin | "hooked") {
  spec(passwords, callback, only);
  process.env.E2E_PW_env = passwords.env;
  await run.stack.setConfig("pw-config", { value: passwords.config, secret: true });
}

/** What every run printed or logged; debug-level engine events apart (see the last test). */
let debugEvents = "";

/** Runs the CLI with an event log, keeps every byte it printed or logged. */
async function cli(...args: string[]): Promise<CliResult> {
  const eventLog = path.join(run.dir, `events-${Date.now()}.json`);
  const result = await run.cliResult(
    ...args,
    "--non-interactive",
    "--color",
    "never",
    "--event-log",
    eventLog,
  );
  const lines = fs.existsSync(eventLog) ? fs.readFileSync(eventLog, "utf8").split("\n") : [];
  const isDebug = (line: string) => /"severity":"debug"/.test(line);
  const events = lines.filter((line) => !isDebug(line)).join("\n");
  debugEvents += lines.filter(isDebug).join("\n");
  printed += result.stdout + result.stderr + events;
  return { ...result, stdout: result.stdout + events };
}

function expectOk(result: CliResult): void {
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

beforeAll(async () => {
  process.env.PULUMI_DEBUG_COMMANDS = "true"; // makes --event-log available
  run = await startPulumi({
    programSource: fs.readFileSync(path.join(__dirname, "programs/users.js"), "utf8"),
  });
  specFile = path.join(run.dir, "spec.json");
  await run.stack.setConfig("spec", { value: specFile });
});
afterAll(() => run?.close());

describe("secrets in what the CLI prints", () => {
  it("reports invalid secret inputs by field, never by value, at preview and at up", async () => {
    printed = "";
    debugEvents = "";
    // The engine stops at the first resource whose check fails: one failing resource per run. A password
    // from another resource's output is known at preview too (the engine plans that output from its inputs).
    for (const origin of ORIGINS) {
      await usePasswords(BAD, BAD.callback, origin);
      const preview = await cli("preview");
      expect(preview.code).not.toBe(0);
      expect(preview.stdout + preview.stderr).toContain(
        `ovh-sms:SmsUser resource '${origin}' has a problem: password must be exactly 8 letters or digits`,
      );
      expect((await cli("preview", "--json")).code).not.toBe(0);
    }
    const up = await cli("up", "--yes", "--skip-preview");
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain("resource 'output' has a problem: password must be exactly 8");
    await usePasswords(BAD, BAD.callback, "hooked");
    const hooked = await cli("preview");
    expect(hooked.stdout + hooked.stderr).toMatch(
      /property callbackUrl value \{\[secret\]\} has a problem: callbackUrl must be an http/,
    );
    expect(leakReport(printed, ALL_SECRETS)).toEqual([]);
    // The SDK's debug log prints outputs: the program's Echo resource outputs Bad!pw04 itself (see below).
    const { "bad output": _echoOutput, ...ours } = ALL_SECRETS;
    expect(leakReport(debugEvents, ours)).toEqual([]);
  });

  it("keeps valid secrets out of up, preview, refresh, outputs, export and destroy", async () => {
    await usePasswords(GOOD, SECRET_CALLBACK);
    printed = "";
    debugEvents = "";
    // Previews that create: the engine plans outputs from the checked inputs, and --debug prints them.
    expectOk(await cli("preview"));
    expectOk(await cli("preview", "--debug"));
    expectOk(await cli("up", "--yes", "--diff"));
    // …and one that updates (a new callback, a new password).
    await usePasswords({ ...GOOD, literal: "GoodPw05" }, `${SECRET_CALLBACK}2`);
    expectOk(await cli("preview", "--debug"));
    expectOk(await cli("up", "--yes", "--debug"));
    expectOk(await cli("preview", "--diff", "--json"));
    expectOk(await cli("refresh", "--yes", "--diff"));
    expectOk(await cli("up", "--yes", "--json"));
    const exported = await run.cli("stack", "export");
    const outputs = await run.cli("stack", "output", "--json");
    printed += exported + outputs;
    expect(exported).toContain('"ciphertext"');
    expectOk(await cli("destroy", "--yes"));
    // The program's Echo resource outputs GoodPw04 itself, and the SDK's debug log (which --json output
    // includes) prints outputs: that value is the program's, not SmsUser's, so it is left out here.
    const { "good output": _echoOutput, ...ours } = ALL_SECRETS;
    expect(leakReport(printed, ours)).toEqual([]);
    // Debug-level events (shown by --debug, kept by --event-log and Automation API's onEvent) carry every
    // resource output in plain text: the Pulumi SDK logs each registration's response (and `preview
    // --json` prints them). SmsUser has no password output and leaves inputs made secret out of its outputs,
    // so none of ours is there; the secret output of the program's other resource (Echo) may be.
    expect(debugEvents).toContain("RegisterResource RPC finished");
    expect(leakReport(debugEvents, ours)).toEqual([]);
    // The scan itself works: the secrets are in what the engine hides only behind --show-secrets, where
    // they come from the config and from the program's Echo resource. SmsUser's own inputs hold them only
    // sealed by the provider process that checked them (provider/sealed.ts), even there.
    await usePasswords(GOOD, SECRET_CALLBACK);
    await cli("up", "--yes");
    const shown = await run.cli("stack", "export", "--show-secrets");
    expect(leakedSecrets(shown, { ...GOOD, secretCallback: SECRET_CALLBACK }).sort()).toEqual([
      "config",
      "output",
    ]);
    expect(shown).toContain("sealed:v1:");
    await cli("destroy", "--yes");
  });

  it("keeps an SmsAccount setting made secret out of every output, original included, and still restores", async () => {
    // The account already has the URL the program declares as a secret: its original is that secret.
    const accountSecret = "https://hooks.example.com/dlr?token=AccountTok3n";
    const secrets = {
      accountCallback: accountSecret,
      applicationSecret: CREDENTIALS.applicationSecret,
      consumerKey: CREDENTIALS.consumerKey,
    };
    await updateAccount(run.client, SERVICE_A, { description: "bought in 2023", callBack: accountSecret });
    const args = { serviceName: SERVICE_A, description: "Marketing", callbackUrl: accountSecret };
    const account = { kind: "SmsAccount", secretFields: ["callbackUrl"], args };
    fs.writeFileSync(specFile, JSON.stringify({ users: {}, resources: { account } }));
    printed = "";
    debugEvents = "";
    expectOk(await cli("preview", "--debug"));
    expectOk(await cli("up", "--yes", "--debug"));
    expectOk(await cli("preview", "--diff", "--json"));
    expectOk(await cli("refresh", "--yes", "--diff"));
    expectOk(await cli("up", "--yes", "--json"));
    const exported = await run.cli("stack", "export");
    printed += exported;
    expectOk(await cli("destroy", "--yes"));
    expect(debugEvents).toContain("RegisterResource RPC finished");
    expect(leakReport(printed, secrets)).toEqual([]);
    expect(leakReport(debugEvents, secrets)).toEqual([]);
    // Managed all the same: recorded as a setting whose original is the declared value.
    expect(exported).toContain('"unchangedSecrets"');
    // Destroy gave the description back and left the URL, which was the account's before the stack.
    expect(await getAccount(run.client, SERVICE_A)).toMatchObject({
      description: "bought in 2023",
      callBack: accountSecret,
    });
  });
});
