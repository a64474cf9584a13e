/**
 * Runs Pulumi programs under the real engine (Automation API, local file backend, passphrase secrets,
 * temporary PULUMI_HOME) against one emulator per test file.
 *
 * Pulumi and the package are loaded with Node's own `require`, never through vitest's transform: the
 * closure serializer must see plain CommonJS (see shared/reference/pulumi-dynamic-providers.md A.3), and
 * the program and the Automation API must share one @pulumi/pulumi instance.
 */
import { createRequire } from "node:module";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator, type SeedDocument } from "../../emulator";
import { localWorkspaceOptions } from "../../scripts/localEngine";
import { createClient, type OvhClient } from "../../sdk";

type Automation = typeof import("@pulumi/pulumi/automation");
type Stack = import("@pulumi/pulumi/automation").Stack;
type EngineEvent = import("@pulumi/pulumi/automation").EngineEvent;
type PulumiFn = import("@pulumi/pulumi/automation").PulumiFn;

export const nodeRequire = createRequire(path.join(__dirname, "harness.ts"));
export const automation = nodeRequire("@pulumi/pulumi/automation") as Automation;
/** The built package, as a program using it would load it. */
export const sms = nodeRequire("pulumi-ovh-sms") as typeof import("../../provider");

export const SERVICE_A = "sms-ee11111-1";
export const SERVICE_B = "sms-ee22222-1";
export const CREDENTIALS = {
  applicationKey: "e2eAppKey0000001",
  applicationSecret: "e2eAppSecretNotInState000000001",
  consumerKey: "e2eConsumerKeyNotInState00000001",
};

export const defaultSeed: SeedDocument = {
  customers: [
    {
      nic: "ee11111-ovh",
      services: [
        { serviceName: SERVICE_A, creditsLeft: 1000 },
        { serviceName: SERVICE_B, creditsLeft: 500 },
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

export interface PulumiRun {
  emulator: RunningEmulator;
  stack: Stack;
  dir: string;
  /** An SDK client of the emulator with the stack's credentials, for checks "through the API". */
  client: OvhClient;
  close(): Promise<void>;
  /**
   * Runs the pulumi CLI on this stack as a person would, e.g. `cli("stack", "export")`; resolves to
   * stdout. Asynchronous on purpose: the emulator answers from this process's event loop.
   */
  cli(...args: string[]): Promise<string>;
  /** Like `cli`, but never throws: the exit code and both streams, as a person would see them. */
  cliResult(...args: string[]): Promise<CliResult>;
  /** Starts the CLI in its own process group (so a test can kill it at any moment); stdout+stderr kept. */
  cliSpawn(...args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> };
  /** The project folder the CLI runs in. */
  workDir: string;
  /**
   * Kills every process still running in the project folder. The engine starts its plugins (the
   * dynamic provider, the language host) in process groups of their own: when the CLI is killed they
   * are orphaned and never exit.
   */
  killLeftovers(): void;
}

/**
 * The engine's plugin processes (language host, dynamic provider) whose working directory is `dir` (Linux
 * /proc). Only those: `dir` may be the repository root, where the test runner itself runs.
 */
export function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, "");
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cwd === dir && /@pulumi\/pulumi\/cmd\/|pulumi-resource-|pulumi-language-/.test(command))
        found.push(pid);
    } catch {
      /* gone, or not ours */
    }
  }
  return found;
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const repoRoot = path.resolve(__dirname, "../..");

// The provider must get its credentials from the stack config, not from the developer's shell.
const noOvhEnv = Object.fromEntries(
  ["ENDPOINT", "APPLICATION_KEY", "APPLICATION_SECRET", "CONSUMER_KEY", "CLIENT_ID", "CLIENT_SECRET"].map(
    (k) => [`OVH_${k}`, ""],
  ),
);

/** A stack of an inline program (or of a program directory when `workDir` is given). */
export async function startPulumi(options: {
  program?: PulumiFn;
  workDir?: string;
  /** A JavaScript program: written with a Pulumi.yaml into a scratch project folder run by the language host. */
  programSource?: string;
  projectName?: string;
  seed?: SeedDocument;
  config?: Record<string, { value: string; secret?: boolean }>;
}): Promise<PulumiRun> {
  const engineBin = process.env.PULUMI_OVH_SMS_ENGINE_BIN;
  if (!engineBin)
    throw new Error("PULUMI_OVH_SMS_ENGINE_BIN is not set: the e2e global setup provides the engine");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ovh-sms-e2e-"));
  // One stack name per run, so stack config files of different runs never mix.
  const stackName = `e2e${path.basename(dir).replace(/[^A-Za-z0-9]/g, "")}`;
  // An inline program's project lives in a scratch folder inside the repository: the dynamic provider
  // plugin starts there and must find node_modules (pulumi-ovh-sms, @pulumi/pulumi) up the tree.
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(repoRoot, ".e2e-work-"));
  if (options.programSource !== undefined) {
    const name = options.projectName ?? "ovh-sms-e2e";
    fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
    fs.writeFileSync(path.join(workDir, "index.js"), options.programSource);
  }
  const projectDir = options.workDir !== undefined || options.programSource !== undefined;
  let emulator: RunningEmulator | undefined;
  let client: OvhClient | undefined;
  const cleanUp = async () => {
    killAll(processesIn(workDir));
    client?.close();
    await emulator?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (options.workDir) fs.rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
    else fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    emulator = await startEmulator({
      port: 0,
      caDir: process.env.OVH_SMS_TEST_CA_DIR,
      seed: options.seed ?? defaultSeed,
      quiet: true,
    });
    client = createClient({ endpoint: emulator.endpoint, ...CREDENTIALS });
    const workspaceOptions = await localWorkspaceOptions({
      engineBin,
      stateDir: dir,
      passphrase: "e2e-passphrase",
      caFile: emulator.caFile,
      env: noOvhEnv,
    });
    const { envVars, pulumiHome } = workspaceOptions;
    const stack = projectDir
      ? await automation.LocalWorkspace.createOrSelectStack({ stackName, workDir }, workspaceOptions)
      : await automation.LocalWorkspace.createOrSelectStack(
          {
            stackName,
            projectName: options.projectName ?? "ovh-sms-e2e",
            program: options.program as PulumiFn,
          },
          { ...workspaceOptions, workDir },
        );
    await stack.setAllConfig({
      "ovh:endpoint": { value: emulator.endpoint },
      "ovh:applicationKey": { value: CREDENTIALS.applicationKey },
      "ovh:applicationSecret": { value: CREDENTIALS.applicationSecret, secret: true },
      "ovh:consumerKey": { value: CREDENTIALS.consumerKey, secret: true },
      ...options.config,
    });
    // Read at each call: a test may set variables the program reads (as a person's shell would).
    const cliEnv = () => ({ ...process.env, ...envVars, PULUMI_HOME: pulumiHome });
    const pulumiBin = path.join(engineBin, "pulumi");
    return {
      emulator,
      stack,
      dir,
      client,
      workDir,
      close: cleanUp,
      killLeftovers: () => killAll(processesIn(workDir)),
      async cli(...args) {
        const { stdout } = await promisify(execFile)(pulumiBin, [...args, "--stack", stackName], {
          cwd: workDir,
          env: cliEnv(),
          encoding: "utf8",
          maxBuffer: 64 * 1024 * 1024,
        });
        return stdout;
      },
      cliResult(...args) {
        return new Promise((resolve) => {
          execFile(
            pulumiBin,
            [...args, "--stack", stackName],
            { cwd: workDir, env: cliEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
            (error, stdout, stderr) =>
              resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
          );
        });
      },
      cliSpawn(...args) {
        const child = spawn(pulumiBin, [...args, "--stack", stackName], {
          cwd: workDir,
          env: cliEnv(),
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
        child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
        const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
        return { child, output: () => out, exited };
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Calls the emulator saw on the SMS API since the last `clearRequests`, as "METHOD /path". */
export function apiCalls(run: PulumiRun): string[] {
  return run.emulator.control
    .requests()
    .filter((r) => r.path.startsWith("/1.0/sms"))
    .map((r) => `${r.method} ${r.path.replace(/^\/1\.0/, "")}`);
}

export interface StepSummary {
  op: string;
  name: string;
}

/** Preview with the engine's JSON events; returns one entry per resource step that is not "same". */
export async function previewSteps(
  run: PulumiRun,
  extra: { refresh?: boolean } = {},
): Promise<StepSummary[]> {
  const events: EngineEvent[] = [];
  await run.stack.preview({ ...extra, onEvent: (e) => events.push(e) });
  return events
    .flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []))
    .filter((m) => m.op !== "same" && !m.type.startsWith("pulumi:"))
    .map((m) => ({ op: m.op, name: m.urn.split("::").pop() ?? m.urn }));
}

/** The message an operation fails with ("" when it succeeds): for asserting on the engine's errors. */
export async function failure(operation: Promise<unknown>): Promise<string> {
  return operation.then(
    () => "",
    (error: Error) => error.message,
  );
}
