/**
 * One emulator per provider test file, reset before each test to one customer with two accounts; the
 * provider is configured as the engine would (stack config), once per simulated engine operation.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator, type SeedDocument } from "../../emulator";
import { createClient, type OvhClient } from "../../sdk";
import { configure, startNewOperation } from "../../provider/config";

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
  beforeEach(() => {
    fixture.emulator.control.reset();
    fixture.emulator.control.seed(providerSeed());
    fixture.newOperation();
    fixture.emulator.control.clearRequests();
  });
  return fixture;
}
