import { spawnSync } from "node:child_process";
import { ensureCertificateAuthority } from "../emulator";

/**
 * Node reads NODE_EXTRA_CA_CERTS only at start, and node-ovh (and the SDK's default trust) need it to trust
 * the emulator: re-runs this script once with it set. Resolves to true when the caller should stop (the
 * re-run did the work and set the exit code).
 */
export async function rerunTrustingEmulator(): Promise<boolean> {
  const { caFile } = await ensureCertificateAuthority();
  if (process.env.NODE_EXTRA_CA_CERTS === caFile) return false;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
  });
  process.exitCode = child.status ?? 1;
  return true;
}
