/**
 * SmsUser's provider functions called directly (no engine) against a real emulator over HTTPS.
 * The engine-level behaviour is covered in test/e2e.
 */
import { describe, expect, it, vi } from "vitest";
import { createUser, getAccount, getUser, updateUser, type UserUpdate } from "../../sdk";
import * as smsUser from "../../provider/smsUser";
import { SN, useProviderEmulator } from "./helpers";

const fx = useProviderEmulator();
const { calls, newOperation, client } = fx;
/** The bodies of the PUTs the emulator received since the last clear (passwords redacted). */
const putBodies = () =>
  fx.emulator.control
    .requests()
    .filter((r) => r.method === "PUT")
    .map((r) => r.body);

const inputs: smsUser.SmsUserInputs = {
  serviceName: SN,
  login: "alice",
  password: "Abcd1234",
  callbackUrl: "https://hooks.example.com/dlr",
  ipRestrictions: ["198.51.100.1", "203.0.113.10"],
  quota: { credits: 100 },
  alert: { threshold: 5, via: "email", email: "ops@example.com" },
};

describe("SmsUser provider functions", () => {
  it("creates a user with every setting in two calls and holds its quota from the account", async () => {
    const { id, outs } = await smsUser.create(inputs);
    expect(id).toBe(`${SN}/alice`);
    expect(calls()).toEqual([`POST /sms/${SN}/users`, `PUT /sms/${SN}/users/alice`]);
    expect(outs).toEqual({
      serviceName: SN,
      login: "alice",
      callbackUrl: "https://hooks.example.com/dlr",
      stopCallbackUrl: null,
      ipRestrictions: ["198.51.100.1", "203.0.113.10"],
      quota: { credits: 100 },
      quotaLeft: 100,
      alert: { threshold: 5, via: "email", email: "ops@example.com" },
      adopt: false,
    });
    // Never an output: outputs are printed in plain text by the Pulumi SDK's debug log.
    expect(JSON.stringify(outs)).not.toContain("Abcd1234");
    const account = await getAccount(client(), SN);
    expect([account.creditsLeft, account.creditsHoldByQuota, account.userQuantityWithQuota]).toEqual([
      900, 100, 1,
    ]);
  });

  it("check refuses a 9-character password at preview, naming no value, with no API call", async () => {
    const { failures } = await smsUser.check({}, { ...inputs, password: "Abcd12345", __provider: "shim" });
    expect(failures).toEqual([{ property: "", reason: "password must be exactly 8 letters or digits" }]);
    expect(calls()).toEqual([]);
  });

  it("refuses a user it did not make unless adopt is set, then adopts it", async () => {
    await createUser(client(), SN, { login: "alice", password: "Other999" });
    fx.emulator.control.clearRequests();
    await expect(smsUser.create(inputs)).rejects.toThrow(
      `SmsUser ${SN}/alice: a user with this login already exists on ${SN} with another password, so this program did not make it. To manage it here, set adopt: true`,
    );
    expect(calls()).toEqual([`POST /sms/${SN}/users`, `GET /sms/${SN}/users/alice`]);
    expect((await getUser(client(), SN, "alice")).password).toBe("Other999"); // untouched
    const { outs } = await smsUser.create({ ...inputs, adopt: true });
    expect(outs).toMatchObject({ quotaLeft: 100, adopt: true });
    expect((await getUser(client(), SN, "alice")).password).toBe("Abcd1234");
  });

  it("keeps an adopted user when its settings cannot be applied", async () => {
    await createUser(client(), SN, { login: "alice", password: "Other999" });
    await expect(smsUser.create({ ...inputs, adopt: true, quota: { credits: 2000 } })).rejects.toThrow(
      /applying the settings to the adopted user failed/,
    );
    expect((await getUser(client(), SN, "alice")).password).toBe("Other999");
  });

  it("deletes the user again when its settings cannot be applied", async () => {
    // 2000 credits of quota cannot be held by an account with 1000: the PUT fails after the POST.
    await expect(smsUser.create({ ...inputs, quota: { credits: 2000 } })).rejects.toThrow(
      /it was created but applying its settings failed: .*Not enough credits.*It was deleted again: nothing is left behind/s,
    );
    expect(calls()).toEqual([
      `POST /sms/${SN}/users`,
      `PUT /sms/${SN}/users/alice`,
      `DELETE /sms/${SN}/users/alice`,
    ]);
    await expect(getUser(client(), SN, "alice")).rejects.toMatchObject({ status: 404 });
  });

  it("records a user it cannot delete again as made, so the next up finishes it instead of orphaning it", async () => {
    fx.emulator.control.setFaults({ errorRate: 1, errorStatus: 500, match: { method: "DELETE" } });
    const error = await smsUser.create({ ...inputs, quota: { credits: 2000 } }).then(
      () => undefined,
      (e: unknown) => e as Error & { id?: string; properties?: Record<string, unknown> },
    );
    expect(error?.message).toMatch(
      /Deleting it again also failed .* kept in the state: the next pulumi up finishes it/s,
    );
    // The engine records a create error that carries an id as a resource that exists but failed to initialise.
    expect(error?.id).toBe(`${SN}/alice`);
    expect(error?.properties).toMatchObject({ serviceName: SN, login: "alice", quotaLeft: 0 });
    fx.emulator.control.clearFaults();
    expect((await getUser(client(), SN, "alice")).login).toBe("alice");
  });

  it("sees drift in diff, repairs it with one PUT and ignores consumption", async () => {
    const { outs } = await smsUser.create(inputs);
    fx.emulator.control.consume(SN, "alice", 30);
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, outs, inputs)).toEqual({ changes: false });
    await updateUser(client(), SN, "alice", { callBack: "https://evil.example.net/x" });
    fx.emulator.control.clearRequests();
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, outs, inputs)).toEqual({ changes: true });
    const { outs: repaired } = await smsUser.update(`${SN}/alice`, outs, inputs);
    expect(calls()).toEqual([`GET /sms/${SN}/users/alice`, `PUT /sms/${SN}/users/alice`]);
    // The PUT carries the drifted field only: no quota refill for the 30 credits spent.
    expect(putBodies()).toEqual([{ callBack: "https://hooks.example.com/dlr" }]);
    expect(repaired).toMatchObject({ callbackUrl: "https://hooks.example.com/dlr", quotaLeft: 70 });
    const live = await getUser(client(), SN, "alice");
    expect([live.callBack, live.quotaInformations.quotaLeft]).toEqual(["https://hooks.example.com/dlr", 70]);
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, repaired, inputs)).toEqual({ changes: false });
  });

  it("sees drift in one sub-field (an IP swapped, the alert e-mail, stopCallbackUrl), names it, PUTs it alone", async () => {
    const declared = { ...inputs, stopCallbackUrl: "https://hooks.example.com/stop" };
    const { outs } = await smsUser.create(declared);
    const alert = { alertThreshold: 5, support: "mail" as const, alertNumber: "" };
    const cases: Array<[string, UserUpdate, UserUpdate]> = [
      [
        "ipRestrictions", // same count, one address replaced
        { ipRestrictions: ["203.0.113.10", "192.0.2.99"] },
        { ipRestrictions: ["198.51.100.1", "203.0.113.10"] },
      ],
      [
        "alert",
        { alertThresholdInformations: { ...alert, alertEmail: "someone@example.net" } },
        { alertThresholdInformations: { ...alert, alertEmail: "ops@example.com" } },
      ],
      [
        "stopCallbackUrl",
        { stopCallBack: "https://evil.example.net/stop" },
        { stopCallBack: "https://hooks.example.com/stop" },
      ],
    ];
    for (const [field, outOfBand, repair] of cases) {
      await updateUser(client(), SN, "alice", outOfBand);
      newOperation();
      const reported = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        expect(await smsUser.diff(`${SN}/alice`, outs, declared)).toEqual({ changes: true });
        expect(reported.mock.calls).toEqual([
          [`SmsUser ${SN}/alice: the live user differs from the program in ${field}`],
        ]);
      } finally {
        reported.mockRestore();
      }
      fx.emulator.control.clearRequests();
      await smsUser.update(`${SN}/alice`, outs, declared);
      expect(putBodies()).toEqual([repair]);
      newOperation();
      expect(await smsUser.diff(`${SN}/alice`, outs, declared)).toEqual({ changes: false });
    }
  });

  it("refresh keeps the declared quota, so credits spent since are not refilled by the next up", async () => {
    const monthly = { ...inputs, quota: { credits: 100, topUp: "2026-11" } };
    const { outs } = await smsUser.create(monthly);
    fx.emulator.control.consume(SN, "alice", 30);
    newOperation();
    const refreshed = await smsUser.read(`${SN}/alice`, outs);
    expect(refreshed).toEqual({ id: `${SN}/alice`, props: { ...outs, quotaLeft: 70 } });
    const props = refreshed.props as smsUser.SmsUserOutputs;
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, props, monthly)).toEqual({ changes: false });
    fx.emulator.control.clearRequests();
    await smsUser.update(`${SN}/alice`, props, monthly);
    expect(putBodies()).toEqual([]);
    const account = await getAccount(client(), SN);
    expect([account.creditsHoldByQuota, account.creditsLeft]).toEqual([70, 900]);
  });

  it("records what it wrote, so the next operation refills nothing that was spent since", async () => {
    const { outs } = await smsUser.create(inputs);
    newOperation();
    const raised = { ...inputs, quota: { credits: 150 } };
    expect(await smsUser.diff(`${SN}/alice`, outs, raised)).toEqual({ changes: true });
    fx.emulator.control.clearRequests();
    const { outs: after } = await smsUser.update(`${SN}/alice`, outs, raised);
    expect(calls()).toEqual([`PUT /sms/${SN}/users/alice`]); // diff read it already: no GET again
    expect(after).toMatchObject({ quota: { credits: 150 }, quotaLeft: 150 });
    fx.emulator.control.consume(SN, "alice", 10);
    newOperation();
    expect(await smsUser.diff(`${SN}/alice`, after, raised)).toEqual({ changes: false });
    const account = await getAccount(client(), SN);
    expect([account.creditsHoldByQuota, account.creditsLeft]).toEqual([140, 850]);
  });

  it("replaces on a login or service change, deleting first when the quota stays on the account", async () => {
    const { outs } = await smsUser.create(inputs);
    expect(await smsUser.diff(`${SN}/alice`, outs, { ...inputs, login: "bob" })).toEqual({
      changes: true,
      replaces: ["login"],
      deleteBeforeReplace: true,
    });
    expect(await smsUser.diff(`${SN}/alice`, outs, { ...inputs, login: "bob", quota: undefined })).toEqual({
      changes: true,
      replaces: ["login"],
      deleteBeforeReplace: false,
    });
    expect(await smsUser.diff(`${SN}/alice`, outs, { ...inputs, serviceName: "sms-pp11111-2" })).toEqual({
      changes: true,
      replaces: ["serviceName"],
      deleteBeforeReplace: false,
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
