import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator, type SeedDocument } from "../../emulator";
import { createClient, type ClientOptions, type OvhClient } from "../../sdk";

// Shared fixtures of the SDK tests: one emulator per test file, reset and re-seeded before each test,
// and clients that never read the machine's OVH_* variables or ovh.conf files.

export const NIC = "ab12345-ovh";
export const SN = "sms-ab12345-1";
export const SN2 = "sms-ab12345-2";
export const OTHER_SN = "sms-zz99999-1";

export const AK = "ak-sdk-test";
export const AS = "as-sdk-secret-0123456789";
export const CK = "ck-sdk-all-0123456789";
export const CK_READONLY = "ck-sdk-readonly-0123456789";
export const CK_PENDING = "ck-sdk-pending-0123456789";
export const CLIENT_ID = "sdk-oauth-client";
export const CLIENT_SECRET = "sdk-oauth-secret-0123456789";
export const CLIENT_ID_RO = "sdk-oauth-readonly";
export const CLIENT_SECRET_RO = "sdk-oauth-ro-secret-0123456789";
export const ALICE_PASSWORD = "Alice123";

export const SEED: SeedDocument = {
  customers: [
    {
      nic: NIC,
      email: "owner@example.com",
      services: [
        {
          serviceName: SN,
          creditsLeft: 1000,
          description: "main",
          users: [{ login: "alice", password: ALICE_PASSWORD }],
          senders: [{ sender: "ACME", status: "enable", description: "brand" }],
        },
        { serviceName: SN2, creditsLeft: 10 },
      ],
      applications: [
        {
          applicationKey: AK,
          applicationSecret: AS,
          consumerKeys: [
            { consumerKey: CK },
            {
              consumerKey: CK_READONLY,
              rules: [
                { method: "GET", path: "/sms" },
                { method: "GET", path: "/sms/*" },
              ],
            },
            { consumerKey: CK_PENDING, state: "pendingValidation" },
          ],
        },
      ],
      oauth2Clients: [
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        {
          clientId: CLIENT_ID_RO,
          clientSecret: CLIENT_SECRET_RO,
          rules: [{ method: "GET", path: "/sms/*" }],
        },
      ],
    },
    { nic: "zz99999-ovh", services: [{ serviceName: OTHER_SN, creditsLeft: 5 }] },
  ],
};

/** Values that must never show up in an error message. */
export const SECRETS = [AS, CK, CK_READONLY, CK_PENDING, CLIENT_SECRET, CLIENT_SECRET_RO, ALICE_PASSWORD];

export interface Fixture {
  emu: RunningEmulator;
  /** Client with the all-rights consumer key and fast retries. */
  client: OvhClient;
  make(options?: ClientOptions): OvhClient;
}

/** Starts an emulator for the file; resets state, faults and the log before each test. */
export function useEmulator(): Fixture {
  const clients: OvhClient[] = [];
  const fixture = {} as Fixture;
  fixture.make = (options = {}) => {
    const c = createClient({
      endpoint: fixture.emu.endpoint,
      applicationKey: AK,
      applicationSecret: AS,
      consumerKey: CK,
      env: {},
      configFiles: [],
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      ...options,
    });
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    fixture.emu = await startEmulator({
      port: 0,
      caDir: process.env.OVH_SMS_TEST_CA_DIR,
      seed: SEED,
      quiet: true,
    });
    fixture.client = fixture.make();
  });
  beforeEach(() => {
    fixture.emu.control.clearFaults();
    fixture.emu.control.reset();
    fixture.emu.control.seed(SEED);
    fixture.emu.control.clearRequests();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await fixture.emu?.close();
  });
  return fixture;
}

/** Awaits a promise expected to fail and returns the error. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

/** API requests the emulator saw, as "METHOD /path status", without /auth/time. */
export function seen(emu: RunningEmulator): string[] {
  return emu.control
    .requests()
    .filter((r) => r.path !== "/1.0/auth/time")
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** Requests the emulator logged with this method and a path containing `pathPart`. */
export function countRequests(emu: RunningEmulator, method: string, pathPart: string): number {
  return emu.control.requests().filter((r) => r.method === method && r.path.includes(pathPart)).length;
}

/** Polls until the condition holds (for effects that happen after a client gave up). */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 5));
  }
}
