/**
 * One emulator per provider test file, reset before each test to one customer with two accounts; the
 * provider is configured as the engine would (stack config), once per simulated engine operation.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator, type SeedDocument } from "../../emulator";
import { createClient, type OvhClient } from "../../sdk";
import { configure, getClient, startNewOperation } from "../../provider/config";

export const SN = "sms-pp11111-1";
export const SN2 = "sms-pp11111-2";
export const AK = "provAppKey000001";
export const AS = "provAppSecret0000000000000000001";
export const CK = "provConsumerKey00000000000000001";
/** A consumer key that may only read. */
export const CK_READ_ONLY = "provConsumerKeyReadOnly000000001";
/** A consumer key whose access rules cover only the first account. */
export const CK_FIRST_ONLY = "provConsumerKeyFirstOnly00000001";

export function providerSeed(): SeedDocument {
  return {
    customers: [
      {
        nic: "pp11111-ovh",
        services: [
          { serviceName: SN, creditsLeft: 1000 },
          { serviceName: SN2, creditsLeft: 100 },
        ],
        applications: [
          {
            applicationKey: AK,
            applicationSecret: AS,
            consumerKeys: [
              { consumerKey: CK },
              { consumerKey: CK_READ_ONLY, rules: [{ method: "GET", path: "/*" }] },
              {
                consumerKey: CK_FIRST_ONLY,
                rules: ["GET", "POST", "PUT", "DELETE"].flatMap((method) => [
                  { method: method as "GET", path: `/sms/${SN}` },
                  { method: method as "GET", path: `/sms/${SN}/*` },
                ]),
              },
            ],
          },
        ],
      },
    ],
  };
}

export interface ProviderFixture {
  readonly emulator: RunningEmulator;
  /** SMS API calls the emulator saw since the last reset, as "METHOD /path". */
  calls(): string[];
  /** A new engine operation: a fresh configuration, hence fresh per-operation caches. */
  newOperation(consumerKey?: string): void;
  /** A client for checks "through the API". */
  client(): OvhClient;
}

export function useProviderEmulator(): ProviderFixture {
  let emulator: RunningEmulator | undefined;
  let sdkClient: OvhClient | undefined;
  const fixture: ProviderFixture = {
    get emulator() {
      if (!emulator) throw new Error("the emulator is not started yet");
      return emulator;
    },
    calls: () =>
      fixture.emulator.control
        .requests()
        .filter((r) => r.path.startsWith("/1.0/sms"))
        .map((r) => `${r.method} ${r.path.replace("/1.0", "")}`),
    newOperation(consumerKey = CK) {
      const config: Record<string, string> = {
        "ovh:endpoint": fixture.emulator.endpoint,
        "ovh:applicationKey": AK,
        "ovh:applicationSecret": AS,
        "ovh:consumerKey": consumerKey,
      };
      startNewOperation();
      configure({ config: { get: (key) => config[key] } });
      operationClients.push(getClient());
    },
    client: () =>
      (sdkClient ??= createClient({
        endpoint: fixture.emulator.endpoint,
        applicationKey: AK,
        applicationSecret: AS,
        consumerKey: CK,
      })),
  };
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, caDir: process.env.OVH_SMS_TEST_CA_DIR, quiet: true });
  });
  afterAll(async () => {
    sdkClient?.close();
    await emulator?.close();
  });
  beforeEach(async () => {
    await settled();
    fixture.emulator.control.reset();
    fixture.emulator.control.seed(providerSeed());
    fixture.newOperation();
    fixture.emulator.control.clearRequests();
  });
  return fixture;
}

/**
 * Waits until the previous test's operation sends nothing more: a live cache's prefetch (a list, then one
 * GET per object) may still be on its way, and a request arriving after the next test cleared the log would
 * count as that test's call. Settled = no request in flight on any of its operations' clients for 30 ms in
 * a row (at most 2 s).
 */
async function settled(): Promise<void> {
  const deadline = Date.now() + 2000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (operationClients.some((client) => client.stats.inFlight > 0)) quietSince = Date.now();
    else if (Date.now() - quietSince >= 30) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  operationClients.length = 0;
}

/** The provider's client of every operation a test started (a test may start several). */
const operationClients: OvhClient[] = [];
