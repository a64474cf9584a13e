/**
 * SmsUser's provider functions called directly (no engine) against a real emulator over HTTPS.
 * The engine-level behaviour is covered in test/e2e.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { createClient, getAccount, getUser, updateUser, type OvhClient } from "../../sdk";
import { configure } from "../../provider/config";
import * as smsUser from "../../provider/smsUser";

const SN = "sms-pp11111-1";
const AK = "provAppKey000001";
const AS = "provAppSecret0000000000000000001";
const CK = "provConsumerKey00000000000000001";

let emulator: RunningEmulator;

function calls(): string[] {
  return emulator.control
    .requests()
    .filter((r) => r.path.startsWith("/1.0/sms"))
    .map((r) => `${r.method} ${r.path.replace("/1.0", "")}`);
}

const inputs: smsUser.SmsUserInputs = {
  serviceName: SN,
  login: "alice",
  password: "Abcd1234",
  callbackUrl: "https://hooks.example.com/dlr",
  ipRestrictions: ["198.51.100.1", "203.0.113.10"],
  quota: { credits: 100 },
  alert: { threshold: 5, via: "email", email: "ops@example.com" },
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, caDir: process.env.OVH_SMS_TEST_CA_DIR, quiet: true });
});
afterAll(async () => {
  sdkClient?.close();
  await emulator.close();
});

/** The provider process of one engine operation: a fresh configuration, hence a fresh live cache. */
function newOperation(): void {
  const config: Record<string, string> = {
    "ovh:endpoint": emulator.endpoint,
    "ovh:applicationKey": AK,
    "ovh:applicationSecret": AS,
    "ovh:consumerKey": CK,
  };
  configure({ config: { get: (key) => config[key] } });
}

beforeEach(() => {
  emulator.control.reset();
  emulator.control.seed({
    customers: [
      {
        nic: "pp11111-ovh",
        services: [{ serviceName: SN, creditsLeft: 1000 }],
        applications: [{ applicationKey: AK, applicationSecret: AS, consumerKeys: [{ consumerKey: CK }] }],
      },
    ],
  });
  newOperation();
  emulator.control.clearRequests();
});

let sdkClient: OvhClient | undefined;
/** A client for checks "through the API", closed with the emulator. */
const client = (): OvhClient =>
  (sdkClient ??= createClient({
    endpoint: emulator.endpoint,
    applicationKey: AK,
    applicationSecret: AS,
    consumerKey: CK,
  }));

describe("SmsUser provider functions", () => {
  it("creates a user with every setting in three calls and holds its quota from the account", async () => {
    const { id, outs } = await smsUser.create(inputs);
    expect(id).toBe(`${SN}/alice`);
    expect(calls()).toEqual([
      `POST /sms/${SN}/users`,
      `PUT /sms/${SN}/users/alice`,
      `GET /sms/${SN}/users/alice`,
    ]);
    expect(outs).toEqual({
      serviceName: SN,
      login: "alice",
      password: "Abcd1234",
      callbackUrl: "https://hooks.example.com/dlr",
      stopCallbackUrl: null,
      ipRestrictions: ["198.51.100.1", "203.0.113.10"],
      quota: { credits: 100 },
      quotaLeft: 100,
      alert: { threshold: 5, via: "email", email: "ops@example.com" },
      adopt: false,
    });
    const account = await getAccount(client(), SN);
    expect([account.creditsLeft, account.creditsHoldByQuota, account.userQuantityWithQuota]).toEqual([
      900, 100, 1,
    ]);
  });

  it("refuses an existing login unless adopt is set, then adopts it", async () => {
    await smsUser.create({ ...inputs, quota: undefined });
    await expect(smsUser.create(inputs)).rejects.toThrow(/already exists.*adopt: true/);
    const { outs } = await smsUser.create({ ...inputs, password: "Zyxw9876", adopt: true });
    expect(outs).toMatchObject({ password: "Zyxw9876", quotaLeft: 100, adopt: true });
    expect((await getUser(client(), SN, "alice")).password).toBe("Zyxw9876");
  });

  it("deletes the user again when its settings cannot be applied", async () => {
    // 2000 credits of quota cannot be held by an account with 1000: the PUT fails after the POST.
    await expect(smsUser.create({ ...inputs, quota: { credits: 2000 } })).rejects.toThrow(
      /created but its settings could not be applied.*deleted again/s,
    );
    expect(calls()).toEqual([
      `POST /sms/${SN}/users`,
      `PUT /sms/${SN}/users/alice`,
      `DELETE /sms/${SN}/users/alice`,
    ]);
    await expect(getUser(client(), SN, "alice")).rejects.toMatchObject({ status: 404 });
  });

  it("sees drift in diff, repairs it with one PUT and ignores consumption", async () => {
    const { outs } = await smsUser.create(inputs);
    emulator.control.consume(SN, "alice", 30);
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, outs, inputs)).toEqual({ changes: false });
    await updateUser(client(), SN, "alice", { callBack: "https://evil.example.net/x" });
    emulator.control.clearRequests();
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, outs, inputs)).toEqual({ changes: true });
    expect(calls()).toEqual([`GET /sms/${SN}/users/alice`]);
  });

  it("keeps what it wrote when reading the user back fails, so nothing is applied twice", async () => {
    // Every GET of alice fails (5xx, retried until the client gives up); POST and PUT go through.
    const failReads = () =>
      emulator.control.setFaults({
        errorRate: 1,
        errorStatus: 500,
        match: { method: "GET", path: "/sms/*/users/alice" },
      });
    failReads();
    const { outs } = await smsUser.create(inputs);
    expect(outs).toMatchObject({
      quota: { credits: 100 },
      quotaLeft: 100,
      ipRestrictions: ["198.51.100.1", "203.0.113.10"],
    });
    expect((await getAccount(client(), SN)).creditsHoldByQuota).toBe(100); // kept, not rolled back

    // As the engine does: diff reads the live user, then update PUTs; only the read-back fails.
    emulator.control.clearFaults();
    newOperation();
    const raised = { ...inputs, quota: { credits: 150 } };
    expect(await smsUser.diff(`${SN}/alice`, outs, raised)).toEqual({ changes: true });
    failReads();
    const { outs: after } = await smsUser.update(`${SN}/alice`, outs, raised);
    expect(after).toMatchObject({ quota: { credits: 150 }, quotaLeft: 150 });
    emulator.control.clearFaults();
    emulator.control.consume(SN, "alice", 10);

    // The new credits reached the state: the next operation refills nothing.
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, after, raised)).toEqual({ changes: false });
    const account = await getAccount(client(), SN);
    expect([account.creditsHoldByQuota, account.creditsLeft]).toEqual([140, 850]);
  });

  it("replaces on a login or service change", async () => {
    const { outs } = await smsUser.create(inputs);
    expect(await smsUser.diff(`${SN}/alice`, outs, { ...inputs, login: "bob" })).toEqual({
      changes: true,
      replaces: ["login"],
    });
  });

  it("reads a deleted user as gone and deletes idempotently", async () => {
    const { outs } = await smsUser.create(inputs);
    await smsUser.remove(`${SN}/alice`, outs);
    await smsUser.remove(`${SN}/alice`, outs);
    newOperation();
    expect(await smsUser.read(`${SN}/alice`, outs)).toEqual({ id: "" });
    const account = await getAccount(client(), SN);
    expect([account.creditsLeft, account.creditsHoldByQuota]).toEqual([1000, 0]);
  });
});
