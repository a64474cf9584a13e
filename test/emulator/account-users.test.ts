import { describe, expect, it } from "vitest";
import { call, OTHER_APP, OTHER_CK, useTestEmulator } from "./helpers";

const ctx = useTestEmulator();

const SN = "/sms/sms-ab12345-1";
const message = (r: { json: unknown }): string => (r.json as { message: string }).message;
const account = async (): Promise<Record<string, unknown>> =>
  (await call(ctx.emu, "GET", SN)).json as Record<string, unknown>;

describe("accounts", () => {
  it("GET /sms lists only the caller's accounts; another customer's account does not exist", async () => {
    expect((await call(ctx.emu, "GET", "/sms")).json).toEqual(["sms-ab12345-1", "sms-ab12345-2"]);
    const other = {
      appKey: OTHER_APP.applicationKey,
      appSecret: OTHER_APP.applicationSecret,
      consumerKey: OTHER_CK,
    };
    expect((await call(ctx.emu, "GET", "/sms", other)).json).toEqual(["sms-zz99999-1"]);
    const hidden = await call(ctx.emu, "GET", "/sms/sms-zz99999-1");
    expect(hidden.status).toBe(404);
    expect(hidden.json).toMatchObject({ class: "Client::NotFound", message: "This service does not exist" });
    expect((await call(ctx.emu, "GET", "/sms/sms-nothing-1")).json).toEqual(hidden.json);
  });

  it("GET returns the sms.Account model", async () => {
    expect(await account()).toEqual({
      automaticRecreditAmount: null,
      callBack: null,
      channel: "both",
      creditThresholdForAutomaticRecredit: 0,
      creditsHoldByQuota: 0,
      creditsLeft: 200,
      description: "",
      name: "sms-ab12345-1",
      smpp: false,
      smsResponse: {
        cgiUrl: null,
        responseType: "none",
        text: null,
        trackingDefaultSmsSender: null,
        trackingOptions: [],
      },
      status: "enable",
      stopCallBack: null,
      templates: {
        customizedEmailMode: false,
        customizedSmsMode: false,
        emailBody: null,
        emailFrom: null,
        emailSubject: null,
        smsBody: null,
      },
      userQuantityWithQuota: 0,
    });
  });

  it("PUT changes writable fields, merges nested objects, ignores unchanged read-only fields", async () => {
    const r = await call(ctx.emu, "PUT", SN, {
      body: {
        description: "prod",
        callBack: "https://example.test/cb",
        automaticRecreditAmount: 500,
        creditsLeft: 200,
        smsResponse: { responseType: "text", text: "Thanks" },
      },
    });
    expect(r.status).toBe(200);
    expect(r.json).toBeNull();
    expect(await account()).toMatchObject({
      description: "prod",
      callBack: "https://example.test/cb",
      automaticRecreditAmount: 500,
      smsResponse: { responseType: "text", text: "Thanks", cgiUrl: null },
    });
  });

  it("PUT refuses a changed read-only field, an unknown field and invalid values, changing nothing", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ creditsLeft: 9999 }, /creditsLeft .* read-only/],
      [{ nickname: "x" }, /Unknown field nickname/],
      [{ automaticRecreditAmount: 300 }, /automaticRecreditAmount 300/],
      [{ callBack: "ftp://x" }, /callBack/],
      [{ description: "ok", stopCallBack: "not a url" }, /stopCallBack/],
      [{ smsResponse: { responseType: "cgi" } }, /responseType cgi needs a cgiUrl/],
      [{ smsResponse: { cgiUrl: "ftp://x" } }, /smsResponse.cgiUrl/],
      [{ smsResponse: { text: "x".repeat(256) } }, /smsResponse.text: at most 255/],
      [
        { smsResponse: { trackingOptions: [{ media: "email", sender: "a@example.test", target: "ops" }] } },
        /trackingOptions.0: e-mail tracking/,
      ],
      [
        { smsResponse: { trackingOptions: [{ media: "sms", sender: "ACME", target: "0612345678" }] } },
        /trackingOptions.0.target: "0612345678" is not an international phone number/,
      ],
      [{ templates: { smsBody: "x".repeat(71) } }, /templates.smsBody: at most 70/],
      [{ templates: { emailFrom: "alerts" } }, /templates.emailFrom/],
      [{ creditThresholdForAutomaticRecredit: -1 }, /creditThresholdForAutomaticRecredit -1/],
    ];
    for (const [body, pattern] of cases) {
      const r = await call(ctx.emu, "PUT", SN, { body });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ class: "Client::BadRequest" });
      expect(message(r)).toMatch(pattern);
    }
    expect((await account()).description).toBe("");
  });
});

describe("users", () => {
  it("creates, reads (with defaults), updates and deletes a user", async () => {
    expect(
      (await call(ctx.emu, "POST", `${SN}/users`, { body: { login: "bob.smith", password: "Abcd1234" } }))
        .status,
    ).toBe(200);
    expect((await call(ctx.emu, "GET", `${SN}/users`)).json).toEqual(["alice", "bob.smith"]);
    expect((await call(ctx.emu, "GET", `${SN}/users/bob.smith`)).json).toEqual({
      alertThresholdInformations: { alertEmail: "", alertNumber: "", alertThreshold: -1, support: "mail" },
      callBack: null,
      ipRestrictions: [],
      login: "bob.smith",
      password: "Abcd1234",
      quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
      stopCallBack: null,
    });
    const put = await call(ctx.emu, "PUT", `${SN}/users/bob.smith`, {
      body: {
        password: "Zzzz9999",
        ipRestrictions: ["192.0.2.1", "198.51.100.7"],
        alertThresholdInformations: {
          alertThreshold: 10,
          support: "both",
          alertEmail: "ops@example.test",
          alertNumber: "+33612345678",
        },
        login: "bob.smith",
      },
    });
    expect(put.status).toBe(200);
    expect((await call(ctx.emu, "GET", `${SN}/users/bob.smith`)).json).toMatchObject({
      password: "Zzzz9999",
      ipRestrictions: ["192.0.2.1", "198.51.100.7"],
      alertThresholdInformations: { alertThreshold: 10, support: "both" },
    });
    expect((await call(ctx.emu, "DELETE", `${SN}/users/bob.smith`)).status).toBe(200);
    const gone = await call(ctx.emu, "GET", `${SN}/users/bob.smith`);
    expect(gone.status).toBe(404);
    expect(message(gone)).toBe("The requested object (login = bob.smith) does not exist");
  });

  it("refuses bad logins and passwords, and duplicates with 409", async () => {
    for (const body of [
      { login: "", password: "Abcd1234" },
      { login: "a".repeat(41), password: "Abcd1234" },
      { login: "bad login", password: "Abcd1234" },
      { login: "bob", password: "Abc_1234" },
      { login: "bob", password: "Abcd123" },
      { login: "bob" },
    ]) {
      expect((await call(ctx.emu, "POST", `${SN}/users`, { body })).status).toBe(400);
    }
    const dup = await call(ctx.emu, "POST", `${SN}/users`, {
      body: { login: "alice", password: "Abcd1234" },
    });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ class: "Client::Conflict", httpCode: "409 Conflict" });
  });

  it("refuses invalid alerts, IP lists and callbacks", async () => {
    const bad: unknown[] = [
      { alertThresholdInformations: { alertThreshold: 0 } },
      { alertThresholdInformations: { alertThreshold: 5, support: "mail", alertEmail: "" } },
      { alertThresholdInformations: { alertThreshold: 5, support: "sms", alertNumber: "06 12" } },
      { ipRestrictions: ["1.2.3.4", "1.2.3.5", "1.2.3.6", "1.2.3.7", "1.2.3.8", "1.2.3.9"] },
      { ipRestrictions: ["300.1.1.1"] },
      { ipRestrictions: ["2001:db8::1"] },
      { callBack: "javascript:alert(1)" },
      { login: "renamed" },
      { password: "short" },
    ];
    for (const body of bad)
      expect((await call(ctx.emu, "PUT", `${SN}/users/alice`, { body })).status).toBe(400);
    expect((await call(ctx.emu, "PUT", `${SN}/users/alice`, { body: { callBack: "" } })).status).toBe(200);
  });

  it("refuses an IP restriction listed twice, changing nothing", async () => {
    const r = await call(ctx.emu, "PUT", `${SN}/users/alice`, {
      body: { ipRestrictions: ["192.0.2.1", "192.0.2.2", "192.0.2.1"] },
    });
    expect(r.status).toBe(400);
    expect(message(r)).toBe("Invalid ipRestrictions: an address is listed twice");
    expect((await call(ctx.emu, "GET", `${SN}/users/alice`)).json).toMatchObject({ ipRestrictions: [] });
  });

  it("applies a user PUT all or nothing: a valid quota beside an invalid field moves no credits", async () => {
    const quota = { quotaStatus: "active", quotaLeft: 50 };
    for (const [invalid, refusal] of [
      [{ ipRestrictions: ["300.1.1.1"] }, /Invalid ipRestrictions entry "300.1.1.1"/],
      [{ ipRestrictions: ["192.0.2.1", "192.0.2.1"] }, /an address is listed twice/],
      [{ callBack: "javascript:alert(1)" }, /callBack/],
      [{ stopCallBack: "ftp://example.com/stop" }, /stopCallBack/],
    ] as const) {
      const r = await call(ctx.emu, "PUT", `${SN}/users/alice`, {
        body: { quotaInformations: quota, callBack: "https://hooks.example.com/ok", ...invalid },
      });
      expect(r.status).toBe(400);
      expect(message(r)).toMatch(refusal);
      expect(await account()).toMatchObject({ creditsLeft: 200, creditsHoldByQuota: 0 });
      expect((await call(ctx.emu, "GET", `${SN}/users/alice`)).json).toMatchObject({
        callBack: null,
        ipRestrictions: [],
        quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
      });
    }
  });

  it("moves quota credits between the account and the user", async () => {
    const quota = (q: unknown) =>
      call(ctx.emu, "PUT", `${SN}/users/alice`, { body: { quotaInformations: q } });
    expect((await quota({ quotaStatus: "active", quotaLeft: 150 })).status).toBe(200);
    expect(await account()).toMatchObject({
      creditsLeft: 50,
      creditsHoldByQuota: 150,
      userQuantityWithQuota: 1,
    });
    expect((await quota({ quotaLeft: 100 })).status).toBe(200);
    expect(await account()).toMatchObject({ creditsLeft: 100, creditsHoldByQuota: 100 });
    const tooMuch = await quota({ quotaLeft: 201 });
    expect(tooMuch.status).toBe(400);
    expect(message(tooMuch)).toMatch(/Not enough credits on sms-ab12345-1/);
    ctx.emu.control.consume("sms-ab12345-1", "alice", 30);
    expect((await call(ctx.emu, "GET", `${SN}/users/alice`)).json).toMatchObject({
      quotaInformations: { quotaLeft: 70, quotaStatus: "active" },
    });
    expect((await quota({ quotaStatus: "inactive", quotaLeft: 70 })).status).toBe(200);
    expect(await account()).toMatchObject({
      creditsLeft: 170,
      creditsHoldByQuota: 0,
      userQuantityWithQuota: 0,
    });
    expect((await call(ctx.emu, "GET", `${SN}/users/alice`)).json).toMatchObject({
      quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
    });
    await quota({ quotaStatus: "active", quotaLeft: 20 });
    await call(ctx.emu, "DELETE", `${SN}/users/alice`);
    expect(await account()).toMatchObject({ creditsLeft: 170, creditsHoldByQuota: 0 });
  });
});

describe("credit transfers", () => {
  const transfer = (body: unknown) => call(ctx.emu, "POST", `${SN}/transferCredits`, { body });

  it("moves credits between two accounts of one customer", async () => {
    expect((await transfer({ credits: 25.5, smsAccountTarget: "sms-ab12345-2" })).status).toBe(200);
    expect((await account()).creditsLeft).toBe(174.5);
    expect(
      ((await call(ctx.emu, "GET", "/sms/sms-ab12345-2")).json as { creditsLeft: number }).creditsLeft,
    ).toBe(75.5);
  });

  it("refuses foreign or unknown targets alike, itself, non-positive and excessive amounts", async () => {
    const foreign = await transfer({ credits: 1, smsAccountTarget: "sms-zz99999-1" });
    const unknown = await transfer({ credits: 1, smsAccountTarget: "sms-nope" });
    expect(foreign.status).toBe(404);
    expect(message(foreign)).toBe("The target SMS account sms-zz99999-1 does not exist");
    expect(message(unknown)).toBe("The target SMS account sms-nope does not exist");
    expect((await transfer({ credits: 1, smsAccountTarget: "sms-ab12345-1" })).status).toBe(400);
    expect((await transfer({ credits: 0, smsAccountTarget: "sms-ab12345-2" })).status).toBe(400);
    expect((await transfer({ credits: -5, smsAccountTarget: "sms-ab12345-2" })).status).toBe(400);
    expect((await transfer({ credits: 201, smsAccountTarget: "sms-ab12345-2" })).status).toBe(400);
    expect((await transfer({ credits: "5", smsAccountTarget: "sms-ab12345-2" })).status).toBe(400);
    expect((await account()).creditsLeft).toBe(200);
  });
});
