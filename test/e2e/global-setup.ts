import { execFileSync } from "node:child_process";
import * as path from "node:path";

// The e2e tier runs the package as a program would load it (dist/) under the real engine. It always
// runs: when no engine can be provided, ensure-pulumi explains why and the run fails.
export default async function setup(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensurePulumi } = require(path.join(root, "scripts/ensure-pulumi.js")) as {
    ensurePulumi(): Promise<string>;
  };
  process.env.PULUMI_OVH_SMS_ENGINE_BIN = await ensurePulumi();
}
