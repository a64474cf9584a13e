/**
 * The shared lifecycle (provider/lifecycle.ts, provider/preflight.ts) as SmsUser uses it, against a real
 * emulator with injected faults: ambiguous writes, objects left by interrupted runs, preview checks.
 */
import { describe, expect, it } from "vitest";
import { createUser, getAccount, getUser, listUsers, updateUser } from "../../sdk";
import { createOnce, outcomeUnknown } from "../../provider/lifecycle";
import * as smsUser from "../../provider/smsUser";
import { CK_FIRST_ONLY, CK_READ_ONLY, SN, SN2, useProviderEmulator } from "./helpers";

const fx = useProviderEmulator();
const { calls, newOperation, client } = fx;

const alice: smsUser.SmsUserInputs = {
  serviceName: SN,
  login: "alice",
  password: "Abcd1234",
  callbackUrl: "https://hooks.example.com/dlr",
  quota: { credits: 100 },
};

async function credits(serviceName = SN): Promise<[number, number]> {
  const a = await getAccount(client(), serviceName);
  return [a.creditsLeft, a.creditsHoldByQuota];
}

describe("ambiguous creates are resolved by reading", () => {
  it("a POST applied but never answered is confirmed by GET, not repeated", async () => {
    fx.emulator.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/users" } });
    const { outs } = await smsUser.create(alice);
    expect(outs).toMatchObject({
      login: "alice",
      quotaLeft: 100,
      callbackUrl: "https://hooks.example.com/dlr",
    });
    expect(calls()).toEqual([
      `POST /sms/${SN}/users`,
      `GET /sms/${SN}/users/alice`,
      `PUT /sms/${SN}/users/alice`,
    ]);
    expect(await listUsers(client(), SN)).toEqual(["alice"]);
    expect(await credits()).toEqual([900, 100]);
  });

  it("a POST answered 5xx and not applied is sent again once reading shows nothing", async () => {
    // Seed 8: the first POST draws 0.16 (< 0.5: answered 503, not applied), the second 0.63 (goes through).
    fx.emulator.control.setFaults({ errorRate: 0.5, match: { method: "POST" }, randomSeed: 8 });
    const { outs } = await smsUser.create(alice);
    expect(outs).toMatchObject({ quotaLeft: 100 });
    expect(calls()).toEqual([
      `POST /sms/${SN}/users`,
      `GET /sms/${SN}/users/alice`,
      `POST /sms/${SN}/users`,
      `PUT /sms/${SN}/users/alice`,
    ]);
    expect(
      fx.emulator.control
        .requests()
        .filter((r) => r.path.startsWith("/1.0/sms"))
        .map((r) => `${r.method} ${r.status}`)
        .slice(0, 3),
    ).toEqual(["POST 503", "GET 404", "POST 200"]);
    expect(await credits()).toEqual([900, 100]);
  });

  it("gives up after a few POSTs that all fail, saying nothing was created", async () => {
    fx.emulator.control.setFaults({ errorRate: 1, match: { method: "POST" } });
    await expect(smsUser.create(alice)).rejects.toThrow(
      new RegExp(
        `SmsUser ${SN}/alice: creating it failed 4 times and reading showed each time that nothing was created ` +
          `\\(last error: OVH API POST /sms/${SN}/users failed with 503.*Nothing is left behind: run pulumi up again\\.`,
      ),
    );
    expect(calls().filter((c) => c.startsWith("POST"))).toHaveLength(4);
    expect(calls().filter((c) => c.startsWith("GET"))).toHaveLength(4);
    fx.emulator.control.clearFaults();
    expect(await listUsers(client(), SN)).toEqual([]);
  });

  it("a refused POST (400) is not read back nor repeated", async () => {
    let reads = 0;
    const error = await createOnce(
      { kind: "SmsUser", id: "x/y" },
      {
        post: () => createUser(client(), SN, { login: "bob", password: "short" }),
        read: async () => {
          reads++;
          return undefined;
        },
        isOurs: () => true,
        adopt: false,
        conflict: "taken",
      },
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^SmsUser x\/y: creating it failed: OVH API POST .* 400/);
    expect(reads).toBe(0);
    expect(outcomeUnknown(error?.cause)).toBe(false);
  });
});

describe("objects left by an interrupted run", () => {
  it("takes over a user with the declared password (made before the state recorded it)", async () => {
    // What a killed `pulumi up` leaves: the user exists, with part of its settings applied.
    await createUser(client(), SN, { login: "alice", password: "Abcd1234" });
    await updateUser(client(), SN, "alice", { quotaInformations: { quotaStatus: "active", quotaLeft: 60 } });
    fx.emulator.control.clearRequests();
    let shown = "";
    const original = console.error;
    console.error = (text: string) => (shown += text);
    try {
      const { outs } = await smsUser.create(alice);
      expect(outs).toMatchObject({
        quotaLeft: 100,
        callbackUrl: "https://hooks.example.com/dlr",
        adopt: false,
      });
    } finally {
      console.error = original;
    }
    expect(shown).toContain(`SmsUser ${SN}/alice: it already exists as this program declares it`);
    expect(calls()).toEqual([
      `POST /sms/${SN}/users`,
      `GET /sms/${SN}/users/alice`,
      `PUT /sms/${SN}/users/alice`,
    ]);
    // The quota is set, not added: the account holds 100 for alice, not 160.
    expect(await credits()).toEqual([900, 100]);
  });
});

describe("check: what preview can tell from the live account", () => {
  const news = (inputs: Record<string, unknown>) => ({ ...inputs, __provider: "shim" });

  it("accepts valid inputs with one GET of the account, keeps __provider and sorts IP restrictions", async () => {
    const result = await smsUser.check(
      alice,
      news({ ...alice, quota: undefined, ipRestrictions: ["203.0.113.10", "198.51.100.1"] }),
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      ipRestrictions: ["198.51.100.1", "203.0.113.10"],
      __provider: "shim",
    });
    await smsUser.check({}, news({ ...alice, login: "bob", quota: undefined, adopt: true }));
    expect(calls()).toEqual([`GET /sms/${SN}`]);
  });

  it("refuses at preview a new user whose login someone else's user has, unless adopt is set", async () => {
    await createUser(client(), SN, { login: "alice", password: "Other999" });
    fx.emulator.control.clearRequests();
    newOperation();
    const result = await smsUser.check({}, news({ ...alice, quota: undefined }));
    expect(result.failures).toEqual([
      {
        property: "login",
        reason:
          `login: a user with this login already exists on ${SN} with another password, so this program did ` +
          "not make it. To manage it here, set adopt: true (its settings, password included, become the " +
          "declared ones); otherwise choose another login.",
      },
    ]);
    expect(calls()).toEqual([`GET /sms/${SN}/users/alice`, `GET /sms/${SN}`]);
    // Adopting it, changing the password of a user already managed, or taking over our own: no failure.
    expect((await smsUser.check({}, news({ ...alice, adopt: true }))).failures).toEqual([]);
    expect((await smsUser.check(alice, news(alice))).failures).toEqual([]);
    expect((await smsUser.check({}, news({ ...alice, password: "Other999" }))).failures).toEqual([]);
    expect(calls().filter((c) => !c.startsWith("GET"))).toEqual([]);
  });

  it("returns secrets sealed, which create opens again", async () => {
    const checked = await smsUser.check(
      {},
      news({ ...alice, callbackUrl: "https://hooks.example.com/t0k3n", secretInputs: ["callbackUrl"] }),
    );
    expect(checked.failures).toEqual([]);
    expect(JSON.stringify(checked.inputs)).not.toMatch(/Abcd1234|t0k3n/);
    const { outs } = await smsUser.create(checked.inputs as smsUser.SmsUserInputs);
    expect(JSON.stringify(outs)).not.toMatch(/Abcd1234|t0k3n/); // neither is an output
    const user = await getUser(client(), SN, "alice");
    expect([user.password, user.callBack]).toEqual(["Abcd1234", "https://hooks.example.com/t0k3n"]);
  });

  it("diffs stored inputs it cannot open (refresh) as the live values, not as changes", async () => {
    const checked = await smsUser.check({}, news(alice));
    const { outs } = await smsUser.create(checked.inputs as smsUser.SmsUserInputs);
    newOperation();
    // What another provider process sealed: this one cannot open it.
    const stored = {
      ...(checked.inputs as Record<string, unknown>),
      password: `${String((checked.inputs as { password: string }).password).slice(0, -6)}AAAAAA`,
    };
    expect(await smsUser.diff(`${SN}/alice`, outs, stored as unknown as smsUser.SmsUserInputs)).toEqual({
      changes: false,
    });
    await expect(smsUser.create(stored as unknown as smsUser.SmsUserInputs)).rejects.toThrow(
      /sealed by another provider process/,
    );
  });

  it("refuses an account that does not exist, naming it", async () => {
    const result = await smsUser.check({}, news({ ...alice, serviceName: "sms-zz00000-1" }));
    expect(result.failures).toEqual([
      {
        property: "serviceName",
        reason: expect.stringMatching(
          /^serviceName: the SMS account sms-zz00000-1 does not exist or is not visible with these credentials \(GET \/sms\/sms-zz00000-1 answered 404\)/,
        ),
      },
    ]);
  });

  it("refuses an account the consumer key's access rules do not cover, naming the rule to add", async () => {
    newOperation(CK_FIRST_ONLY);
    expect((await smsUser.check({}, news(alice))).failures).toEqual([]);
    const result = await smsUser.check({}, news({ ...alice, serviceName: SN2, quota: undefined }));
    expect(result.failures).toEqual([
      {
        property: "serviceName",
        reason:
          `serviceName: these credentials may not use the SMS account ${SN2} (GET /sms/${SN2} answered 403 ` +
          `NOT_GRANTED_CALL): the consumer key's access rules (or the OAuth2 client's IAM policy) must allow ` +
          `GET, POST, PUT and DELETE on /sms/${SN2} and /sms/${SN2}/*`,
      },
    ]);
  });

  it("refuses a consumer key that may only read, naming the calls its rules miss", async () => {
    newOperation(CK_READ_ONLY);
    const result = await smsUser.check({}, news(alice));
    expect(result.failures).toEqual([
      {
        property: "serviceName",
        reason:
          `serviceName: these credentials may not change the SMS account ${SN}: the consumer key's access rules ` +
          `do not allow POST /sms/${SN}/users, PUT /sms/${SN}/users/alice, DELETE /sms/${SN}/users/alice; create a ` +
          `consumer key whose rules allow GET, POST, PUT and DELETE on /sms/${SN} and /sms/${SN}/*`,
      },
    ]);
    expect(calls().filter((c) => !c.startsWith("GET"))).toEqual([]);
  });

  it("sums the quotas of the plan's users on an account against its free credits", async () => {
    const user = (login: string, n: number) =>
      news({ ...alice, serviceName: SN2, login, quota: { credits: n } });
    expect((await smsUser.check({}, user("a", 40))).failures).toEqual([]);
    expect((await smsUser.check({}, user("b", 40))).failures).toEqual([]);
    // Each fits alone in the account's 100 credits; together they do not.
    expect((await smsUser.check({}, user("c", 40))).failures).toEqual([
      {
        property: "quota",
        reason:
          `quota.credits: the quotas this plan sets on ${SN2} take at least 120 credits from the account (a 40, b 40, c 40, counting the resources checked so far) ` +
          `but only 100 are free: lower the quotas, transfer credits to ${SN2}, or buy credits`,
      },
    ]);
    expect(calls().filter((c) => c.startsWith("PUT") || c.startsWith("POST"))).toEqual([]);
  });

  it("counts only what a quota takes: consumption kept, a replaced user's credits returned", async () => {
    const { outs } = await smsUser.create({ ...alice, serviceName: SN2, quota: { credits: 80 } });
    fx.emulator.control.consume(SN2, "alice", 30);
    newOperation();
    // Unchanged quota: nothing more is taken (the 30 spent are not refilled); 20 are free.
    const same = { ...alice, serviceName: SN2, quota: { credits: 80 } };
    expect((await smsUser.check(outs, news(same))).failures).toEqual([]);
    expect(
      (await smsUser.check({}, news({ ...same, login: "bob", quota: { credits: 20 } }))).failures,
    ).toEqual([]);
    newOperation();
    // Raising to 90 refills to 90: it takes 40 more, and only 20 are free.
    const raised = await smsUser.check(outs, news({ ...same, quota: { credits: 90 } }));
    expect(raised.failures[0]?.reason).toContain(
      "take at least 40 credits from the account (alice 40, counting the resources checked so far) but only 20 are free",
    );
    newOperation();
    // A new login replaces alice delete-first: her 50 come back, so a quota of 70 fits (20 free + 50).
    expect(
      (await smsUser.check(outs, news({ ...same, login: "carol", quota: { credits: 70 } }))).failures,
    ).toEqual([]);
    // The engine checks a replacement again without its old inputs: the first figure stands.
    expect(
      (await smsUser.check({}, news({ ...same, login: "carol", quota: { credits: 70 } }))).failures,
    ).toEqual([]);
  });
});
