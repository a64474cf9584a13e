import * as os from "node:os";
import * as path from "node:path";
import { ensureCertificateAuthority } from "../emulator/index";

// Node reads NODE_EXTRA_CA_CERTS only when a process starts, so the CA every test emulator uses must
// exist before the test workers are forked. Workers inherit this environment.
export default async function setup(): Promise<void> {
  const dir = process.env.OVH_SMS_TEST_CA_DIR ?? path.join(os.tmpdir(), "pulumi-ovh-sms-test-ca");
  const { caFile } = await ensureCertificateAuthority(dir);
  process.env.OVH_SMS_TEST_CA_DIR = dir;
  process.env.NODE_EXTRA_CA_CERTS = caFile;
}
