/**
 * Workspace options for running the Pulumi engine locally against an emulator: a file backend and a
 * PULUMI_HOME inside `stateDir`, passphrase secrets, no update checks or plugin downloads, the engine's
 * bin folder and this Node first on PATH (the language host and the dynamic provider run `node`), and
 * the emulator's CA trusted by every process the engine starts.
 */
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";

type Automation = typeof import("@pulumi/pulumi/automation");

// Loaded with Node's own require so callers share one @pulumi/pulumi with the programs they run.
const automation = createRequire(__filename)("@pulumi/pulumi/automation") as Automation;

export async function localWorkspaceOptions(options: {
  engineBin: string;
  stateDir: string;
  passphrase: string;
  caFile: string;
  env?: Record<string, string>;
}) {
  const backend = path.join(options.stateDir, "backend");
  fs.mkdirSync(backend, { recursive: true });
  return {
    pulumiCommand: await automation.PulumiCommand.get({ root: path.dirname(options.engineBin) }),
    pulumiHome: path.join(options.stateDir, "home"),
    envVars: {
      PATH: [options.engineBin, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
      // metadata=skip: no `.attrs` sidecar files. The file backend writes those in place, so a run killed
      // at the wrong moment leaves an empty one, and every later command fails "failed to load
      // checkpoint: EOF" (the state itself is written atomically and intact). README: recovering.
      PULUMI_BACKEND_URL: `file://${backend}?metadata=skip`,
      PULUMI_CONFIG_PASSPHRASE: options.passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NODE_EXTRA_CA_CERTS: options.caFile,
      ...options.env,
    },
  };
}
