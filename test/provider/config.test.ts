import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { getAccount } from "../../sdk";
import { configure, getClient } from "../../provider/config";

const SN = "sms-cf11111-1";
const stackConfig = (emulator: RunningEmulator, extra: Record<string, string> = {}) => {
  const values: Record<string, string> = {
    "ovh:endpoint": emulator.endpoint,
    "ovh:applicationKey": "cfgAppKey0000001",
    "ovh:applicationSecret": "cfgAppSecret00000000000000000001",
    "ovh:consumerKey": "cfgConsumerKey000000000000000001",
    ...extra,
  };
  return { config: { get: (key: string) => values[key] } };
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    caDir: process.env.OVH_SMS_TEST_CA_DIR,
    quiet: true,
    seed: {
      customers: [
        {
          nic: "cf11111-ovh",
          services: [{ serviceName: SN, creditsLeft: 10 }],
          applications: [
            {
              applicationKey: "cfgAppKey0000001",
              applicationSecret: "cfgAppSecret00000000000000000001",
              consumerKeys: [{ consumerKey: "cfgConsumerKey000000000000000001" }],
            },
          ],
          oauth2Clients: [
            { clientId: "cfg-service-account", clientSecret: "cfgClientSecret0000000000000001" },
          ],
        },
      ],
    },
  });
});
afterAll(() => emulator.close());

describe("provider configuration", () => {
  it("takes credentials from the stack config and caps concurrency with ovh-sms:maxConcurrency", async () => {
    await configure(stackConfig(emulator, { "ovh-sms:maxConcurrency": "2" }));
    emulator.control.setFaults({ latencyMs: 100 });
    const client = getClient();
    const accounts = await Promise.all(Array.from({ length: 6 }, () => getAccount(client, SN)));
    emulator.control.clearFaults();
    expect(accounts.map((a) => a.creditsLeft)).toEqual([10, 10, 10, 10, 10, 10]);
    expect(client.stats.maxInFlight).toBe(2);
  });

  it("authenticates with an OAuth2 service account from ovh:clientId / ovh:clientSecret", async () => {
    const values: Record<string, string> = {
      "ovh:endpoint": emulator.endpoint,
      "ovh:clientId": "cfg-service-account",
      "ovh:clientSecret": "cfgClientSecret0000000000000001",
    };
    await configure({ config: { get: (key: string) => values[key] } });
    emulator.control.clearRequests();
    expect((await getAccount(getClient(), SN)).creditsLeft).toBe(10);
    expect(emulator.control.requests().map((r) => [r.path, r.auth])).toContainEqual([
      `/1.0/sms/${SN}`,
      "oauth2",
    ]);
  });

  it("keeps one client (one operation) when each resource kind configures the same stack config", async () => {
    await configure(stackConfig(emulator));
    const first = getClient();
    await configure(stackConfig(emulator));
    expect(getClient()).toBe(first);
    await configure(stackConfig(emulator, { "ovh-sms:maxConcurrency": "3" }));
    expect(getClient()).not.toBe(first);
  });

  it("refuses a bad limit, naming the key", async () => {
    await expect(configure(stackConfig(emulator, { "ovh-sms:requestsPerMinute": "fast" }))).rejects.toThrow(
      "ovh-sms:requestsPerMinute must be a positive number",
    );
  });
});
