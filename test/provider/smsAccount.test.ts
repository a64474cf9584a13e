/**
 * SmsAccount's provider functions called directly (no engine) against a real emulator over HTTPS. The
 * emulator's request log holds the JSON body of every PUT, so each write is asserted exactly.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUser, getAccount, updateAccount, updateUser, type AccountUpdate } from "../../sdk";
import * as smsAccount from "../../provider/smsAccount";
import type { SmsAccountInputs, SmsAccountOutputs } from "../../provider/smsAccount";
import { CK_FIRST_ONLY, CK_READ_ONLY, providerSeed, SN, SN2, useProviderEmulator } from "./helpers";

const fx = useProviderEmulator();
const { calls, newOperation, client } = fx;

/** What the account holds before the stack touches it (set through the API, as a person would). */
const before = {
  description: "bought in 2023",
  callBack: "https://old.example.com/dlr",
  stopCallBack: null,
  smsResponse: {
    responseType: "text",
    cgiUrl: null,
    text: "Thanks, we will call you back",
    trackingDefaultSmsSender: null,
    trackingOptions: [{ media: "email", sender: "sms@old.example.com", target: "desk@old.example.com" }],
  },
  automaticRecreditAmount: 200,
  creditThresholdForAutomaticRecredit: 50,
  templates: {
    customizedEmailMode: true,
    customizedSmsMode: false,
    emailBody: "|USER| is low",
    emailFrom: "alerts@old.example.com",
    emailSubject: "Low credits",
    smsBody: null,
  },
} satisfies AccountUpdate;

/** `before` as SmsAccount's outputs and `original` spell it. */
const beforeSettings = {
  description: "bought in 2023",
  callbackUrl: "https://old.example.com/dlr",
  stopCallbackUrl: null,
  smsResponse: before.smsResponse,
  automaticRecreditAmount: 200,
  creditThresholdForAutomaticRecredit: 50,
  templates: before.templates,
};

const smsTracking = { media: "sms", sender: "ACME", target: "+33612345678" } as const;
const emailTracking = { media: "email", sender: "sms@example.com", target: "ops@example.com" } as const;

const full: SmsAccountInputs = {
  serviceName: SN,
  description: "Marketing",
  callbackUrl: "https://hooks.example.com/dlr",
  stopCallbackUrl: "https://hooks.example.com/stop",
  smsResponse: {
    responseType: "cgi",
    cgiUrl: "https://hooks.example.com/reply",
    trackingOptions: [smsTracking, emailTracking],
  },
  automaticRecreditAmount: 1000,
  creditThresholdForAutomaticRecredit: 100,
  templates: { customizedSmsMode: true, smsBody: "|USER| has |REMAINING| credits left" },
};

/** `full` as the PUT body and the live account spell it (tracking options in canonical order). */
const fullBody = {
  description: "Marketing",
  callBack: "https://hooks.example.com/dlr",
  stopCallBack: "https://hooks.example.com/stop",
  smsResponse: {
    responseType: "cgi",
    cgiUrl: "https://hooks.example.com/reply",
    text: null,
    trackingDefaultSmsSender: null,
    trackingOptions: [emailTracking, smsTracking],
  },
  automaticRecreditAmount: 1000,
  creditThresholdForAutomaticRecredit: 100,
  templates: {
    customizedEmailMode: false,
    customizedSmsMode: true,
    emailBody: null,
    emailFrom: null,
    emailSubject: null,
    smsBody: "|USER| has |REMAINING| credits left",
  },
} satisfies AccountUpdate;

const fullSettings = {
  description: fullBody.description,
  callbackUrl: fullBody.callBack,
  stopCallbackUrl: fullBody.stopCallBack,
  smsResponse: fullBody.smsResponse,
  automaticRecreditAmount: 1000,
  creditThresholdForAutomaticRecredit: 100,
  templates: fullBody.templates,
};

const unmanaged = {
  description: null,
  callbackUrl: null,
  stopCallbackUrl: null,
  smsResponse: null,
  automaticRecreditAmount: null,
  creditThresholdForAutomaticRecredit: null,
  templates: null,
};

const news = (inputs: object) => ({ ...inputs, __provider: "shim" });

/** The inputs as the engine hands them to create/diff/update: what check returned. */
async function checked(inputs: object): Promise<SmsAccountInputs> {
  const { inputs: out, failures } = await smsAccount.check({}, news(inputs));
  expect(failures).toEqual([]);
  return out as unknown as SmsAccountInputs;
}

/** Outputs as the engine gives them back: protobuf Structs hand objects back with their keys sorted. */
function fromState(outs: SmsAccountOutputs): SmsAccountOutputs {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sortKeys)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
          )
        : value;
  return sortKeys(outs) as SmsAccountOutputs;
}

/** The bodies of the PUTs the emulator received since the last clear. */
function putBodies(): unknown[] {
  return fx.emulator.control
    .requests()
    .filter((r) => r.method === "PUT")
    .map((r) => r.body);
}

async function setBefore(): Promise<void> {
  await updateAccount(client(), SN, before);
  fx.emulator.control.clearRequests();
}

/** A fresh operation with the request log cleared: what the next engine command starts from. */
function nextOperation(): void {
  newOperation();
  fx.emulator.control.clearRequests();
}

const reports = vi.spyOn(console, "error").mockImplementation(() => undefined);
afterEach(() => reports.mockClear());
const reported = () => reports.mock.calls.map((args) => args.join(" "));

describe("check", () => {
  async function failures(inputs: Record<string, unknown>) {
    return (await smsAccount.check({}, news(inputs))).failures;
  }

  it.each([
    [{ description: "x".repeat(256) }, "description", "description must be at most 255 characters"],
    [
      { callbackUrl: "ftp://hooks.example.com" },
      "callbackUrl",
      "callbackUrl must be an http:// or https:// URL",
    ],
    [{ stopCallbackUrl: "hooks.example.com/stop" }, "stopCallbackUrl", "stopCallbackUrl must be an http://"],
    [{ smsResponse: { responseType: "sms" } }, "smsResponse", "smsResponse.responseType must be one of"],
    [
      { smsResponse: { responseType: "cgi" } },
      "smsResponse",
      'smsResponse.cgiUrl is required when responseType is "cgi"',
    ],
    [
      { smsResponse: { responseType: "none", cgiUrl: "mailto:x@y.z" } },
      "smsResponse",
      "smsResponse.cgiUrl must be an http://",
    ],
    [
      { smsResponse: { responseType: "text", text: "x".repeat(256) } },
      "smsResponse",
      "smsResponse.text must be at most 255 characters",
    ],
    [
      { smsResponse: { responseType: "none", trackingOptions: [{ ...emailTracking, target: "ops" }] } },
      "smsResponse",
      'smsResponse.trackingOptions[0].target must be an e-mail address when media is "email"',
    ],
    [
      { smsResponse: { responseType: "none", trackingOptions: [{ ...smsTracking, target: "ops" }] } },
      "smsResponse",
      'smsResponse.trackingOptions[0].target must be a phone number like +33612345678 when media is "sms"',
    ],
    [
      { smsResponse: { responseType: "none", trackingOptions: [{ ...smsTracking, target: "0612345678" }] } },
      "smsResponse",
      'smsResponse.trackingOptions[0].target must be a phone number like +33612345678 when media is "sms"',
    ],
    [
      { smsResponse: { responseType: "none", trackingOptions: [smsTracking, smsTracking] } },
      "smsResponse",
      "smsResponse.trackingOptions[1] is listed twice",
    ],
    [
      { automaticRecreditAmount: 300 },
      "automaticRecreditAmount",
      "automaticRecreditAmount must be one of 100, 200, 250, 500, 1000, 5000, 10000",
    ],
    [
      { automaticRecreditAmount: "1000" },
      "automaticRecreditAmount",
      "automaticRecreditAmount must be one of",
    ],
    [
      { creditThresholdForAutomaticRecredit: -1 },
      "creditThresholdForAutomaticRecredit",
      "creditThresholdForAutomaticRecredit must be 0 or more",
    ],
    [
      { templates: { smsBody: "x".repeat(71) } },
      "templates",
      "templates.smsBody must be at most 70 characters",
    ],
    [{ templates: { emailFrom: "alerts" } }, "templates", "templates.emailFrom must be an e-mail address"],
    [
      { templates: { customizedSmsMode: "yes" } },
      "templates",
      "templates.customizedSmsMode must be true or false",
    ],
    [{ onDelete: "keep" }, "onDelete", 'onDelete must be one of "restore", "retain"'],
    [
      { callBack: "https://hooks.example.com" },
      "callBack",
      "callBack is not an input of SmsAccount (inputs: serviceName, description, callbackUrl, stopCallbackUrl,",
    ],
    [{ serviceName: "ab12345" }, "serviceName", "serviceName must be an SMS service name"],
  ])("refuses %j on property %j before any call: %s", async (change, property, reason) => {
    const result = await failures({ ...full, ...change });
    expect(result).toHaveLength(1);
    expect(result[0]?.property).toBe(property);
    expect(result[0]?.reason.startsWith(reason), result[0]?.reason).toBe(true);
    expect(calls()).toEqual([]);
  });

  it("accepts valid inputs with one GET of the account, tracking options in canonical order", async () => {
    const { inputs, failures: found } = await smsAccount.check({}, news(full));
    expect(found).toEqual([]);
    expect(calls()).toEqual([`GET /sms/${SN}`]);
    expect((inputs as SmsAccountInputs).smsResponse?.trackingOptions).toEqual([emailTracking, smsTracking]);
  });

  it("refuses an account that does not exist, naming it", async () => {
    const result = await failures({ ...full, serviceName: "sms-zz00000-1" });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ property: "serviceName" });
    expect(result[0]?.reason).toContain("the SMS account sms-zz00000-1 does not exist");
  });

  it("refuses an account the consumer key may only read, or not use at all, naming it", async () => {
    newOperation(CK_READ_ONLY);
    const readOnly = await failures(full);
    expect(readOnly[0]?.reason).toContain(
      `these credentials may not change the SMS account ${SN}: the consumer key's access rules do not allow PUT /sms/${SN}`,
    );
    newOperation(CK_FIRST_ONLY);
    const other = await failures({ ...full, serviceName: SN2 });
    expect(other[0]?.property).toBe("serviceName");
    expect(other[0]?.reason).toContain(`these credentials may not use the SMS account ${SN2}`);
    expect(await failures(full)).toEqual([]);
  });
});

describe("create", () => {
  it("records the values it found and applies every declared setting with one PUT", async () => {
    await setBefore();
    const inputs = await checked(full);
    const { id, outs } = await smsAccount.create(inputs);
    expect(id).toBe(SN);
    expect(calls()).toEqual([`GET /sms/${SN}`, `PUT /sms/${SN}`]);
    expect(putBodies()).toEqual([fullBody]);
    expect(outs).toEqual({
      serviceName: SN,
      ...fullSettings,
      original: beforeSettings,
      creditsLeft: 1000,
      creditsHoldByQuota: 0,
      userQuantityWithQuota: 0,
      onDelete: "restore",
    });
    expect(await getAccount(client(), SN)).toMatchObject(fullBody);
  });

  // Each setting alone: the PUT carries that field only, and nothing else on the account changes.
  it.each([
    [{ description: "Support" }, { description: "Support" }],
    [{ callbackUrl: "https://hooks.example.com/dlr" }, { callBack: "https://hooks.example.com/dlr" }],
    [{ callbackUrl: null }, { callBack: "" }],
    [
      { stopCallbackUrl: "https://hooks.example.com/stop" },
      { stopCallBack: "https://hooks.example.com/stop" },
    ],
    [
      { smsResponse: { responseType: "none" } },
      {
        smsResponse: {
          responseType: "none",
          cgiUrl: null,
          text: null,
          trackingDefaultSmsSender: null,
          trackingOptions: [],
        },
      },
    ],
    [{ automaticRecreditAmount: 5000 }, { automaticRecreditAmount: 5000 }],
    [{ automaticRecreditAmount: null }, { automaticRecreditAmount: null }],
    [{ creditThresholdForAutomaticRecredit: 12.5 }, { creditThresholdForAutomaticRecredit: 12.5 }],
    [
      { templates: { customizedEmailMode: true, emailFrom: "alerts@example.com" } },
      {
        templates: {
          customizedEmailMode: true,
          customizedSmsMode: false,
          emailBody: null,
          emailFrom: "alerts@example.com",
          emailSubject: null,
          smsBody: null,
        },
      },
    ],
  ])("applies %j alone with one PUT of exactly %j", async (declared, body) => {
    await setBefore();
    const { outs } = await smsAccount.create(await checked({ serviceName: SN, ...declared }));
    expect(putBodies()).toEqual([body]);
    const [name] = Object.keys(declared) as (keyof typeof beforeSettings)[];
    expect(outs.original).toEqual({ [name!]: beforeSettings[name!] });
    const [field, sent] = Object.entries(body)[0] as [keyof typeof before, unknown];
    // The output is the value written, as the account gives it back ("" clears a URL: null).
    expect(outs).toMatchObject({ ...unmanaged, [name!]: sent === "" ? null : sent });
    const live = await getAccount(client(), SN);
    // Everything else is as it was.
    expect({ ...live, [field!]: before[field!] }).toMatchObject(before);
  });

  it("makes no PUT when the account already has the declared values, and records them as original", async () => {
    await setBefore();
    const { outs } = await smsAccount.create(
      await checked({ serviceName: SN, description: before.description, templates: before.templates }),
    );
    expect(calls()).toEqual([`GET /sms/${SN}`]);
    expect(outs.original).toEqual({ description: before.description, templates: before.templates });
  });

  it("keeps secret inputs out of the outputs, while writing them", async () => {
    const secretUrl = "https://hooks.example.com/dlr?token=s3cr3t";
    const inputs = await checked({ serviceName: SN, callbackUrl: secretUrl, secretInputs: ["callbackUrl"] });
    expect(JSON.stringify(inputs)).not.toContain("s3cr3t");
    const { outs } = await smsAccount.create(inputs);
    expect(putBodies()).toEqual([{ callBack: secretUrl }]);
    expect(JSON.stringify(outs)).not.toContain("s3cr3t");
    expect(outs).toMatchObject({ original: { callbackUrl: null }, secretInputs: ["callbackUrl"] });
  });

  it("records a PUT that fails with 5xx as a partial failure that keeps the values found", async () => {
    await setBefore();
    fx.emulator.control.setFaults({ errorRate: 1, errorStatus: 503, match: { method: "PUT" } });
    const error = await smsAccount.create(await checked(full)).then(
      () => undefined,
      (e: unknown) => e as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] },
    );
    fx.emulator.control.clearFaults();
    expect(error?.message).toMatch(
      new RegExp(`^SmsAccount ${SN}: applying the declared settings failed: .*503`),
    );
    // The engine records a create error that carries an id as made but not initialised.
    expect(error?.id).toBe(SN);
    expect(error?.properties).toEqual({
      serviceName: SN,
      ...beforeSettings,
      original: beforeSettings,
      creditsLeft: 1000,
      creditsHoldByQuota: 0,
      userQuantityWithQuota: 0,
      onDelete: "restore",
      __provider: "shim",
    });
    expect(error?.reasons).toHaveLength(1);
    expect(await getAccount(client(), SN)).toMatchObject(before);
  });
});

/** An account the stack manages: created from `inputs` over `before`, read back as the engine stores it. */
async function created(inputs: SmsAccountInputs = full) {
  await setBefore();
  const { outs } = await smsAccount.create(await checked(inputs));
  nextOperation();
  return fromState(outs);
}

describe("diff", () => {
  it("shows no change when the account is as declared, with one GET", async () => {
    const outs = await created();
    expect(await smsAccount.diff(SN, outs, await checked(full))).toEqual({ changes: false });
    expect(calls()).toEqual([`GET /sms/${SN}`]);
    expect(reported()).toEqual([]);
  });

  it.each([
    ["description", { description: "changed by hand" }],
    ["callbackUrl", { callBack: "https://evil.example.net/dlr" }],
    ["callbackUrl", { callBack: null }],
    ["stopCallbackUrl", { stopCallBack: null }],
    ["smsResponse", { smsResponse: { responseType: "text" } }],
    ["smsResponse", { smsResponse: { cgiUrl: "https://evil.example.net/reply" } }],
    ["smsResponse", { smsResponse: { text: "hello" } }],
    ["smsResponse", { smsResponse: { trackingDefaultSmsSender: "OTHER" } }],
    ["smsResponse", { smsResponse: { trackingOptions: [smsTracking] } }],
    [
      "smsResponse",
      { smsResponse: { trackingOptions: [smsTracking, { ...emailTracking, media: "voice" }] } },
    ],
    ["automaticRecreditAmount", { automaticRecreditAmount: null }],
    ["automaticRecreditAmount", { automaticRecreditAmount: 100 }],
    ["creditThresholdForAutomaticRecredit", { creditThresholdForAutomaticRecredit: 99 }],
    ["templates", { templates: { customizedEmailMode: true } }],
    ["templates", { templates: { customizedSmsMode: false } }],
    ["templates", { templates: { emailBody: "x" } }],
    ["templates", { templates: { emailFrom: "x@example.com" } }],
    ["templates", { templates: { emailSubject: "x" } }],
    ["templates", { templates: { smsBody: "changed" } }],
  ] as const)("sees drift of %s made in the control panel (%j)", async (name, change) => {
    const outs = await created();
    await updateAccount(client(), SN, change as AccountUpdate);
    nextOperation();
    expect(await smsAccount.diff(SN, outs, await checked(full))).toEqual({ changes: true });
    expect(reported()).toEqual([`SmsAccount ${SN}: the live account differs from the program in ${name}`]);
  });

  it("compares tracking options without regard to their order, in the program or on OVH", async () => {
    const outs = await created();
    await updateAccount(client(), SN, { smsResponse: { trackingOptions: [smsTracking, emailTracking] } });
    nextOperation();
    const reordered = {
      ...full,
      smsResponse: { ...full.smsResponse!, trackingOptions: [emailTracking, smsTracking] },
    };
    expect(await smsAccount.diff(SN, outs, await checked(reordered))).toEqual({ changes: false });
    expect(await smsAccount.diff(SN, outs, await checked(full))).toEqual({ changes: false });
  });

  it("ignores changes of settings the program does not declare", async () => {
    const outs = await created({ serviceName: SN, description: "Marketing" });
    await updateAccount(client(), SN, fullBody);
    await updateAccount(client(), SN, { description: "Marketing" });
    nextOperation();
    expect(
      await smsAccount.diff(SN, outs, await checked({ serviceName: SN, description: "Marketing" })),
    ).toEqual({
      changes: false,
    });
  });

  it("never takes the read-only figures for drift (credits spent, quotas held)", async () => {
    const outs = await created();
    fx.emulator.control.consume(SN, null, 100);
    await createUser(client(), SN, { login: "alice", password: "Alice123" });
    await updateUser(client(), SN, "alice", { quotaInformations: { quotaLeft: 300, quotaStatus: "active" } });
    nextOperation();
    expect(await smsAccount.diff(SN, outs, await checked(full))).toEqual({ changes: false });
    const { props } = await smsAccount.read(SN, outs);
    expect(props).toMatchObject({ creditsLeft: 600, creditsHoldByQuota: 300, userQuantityWithQuota: 1 });
  });

  it("reports a setting no longer declared whose original value must be given back", async () => {
    const outs = await created();
    const { smsResponse: _r, ...rest } = full;
    expect(await smsAccount.diff(SN, outs, await checked(rest))).toEqual({ changes: true });
    expect(reported()).toEqual([
      `SmsAccount ${SN}: no longer declared, given back the value found before this stack managed it: smsResponse`,
    ]);
  });

  it("asks for a state-only update when a dropped setting already has its original value", async () => {
    const outs = await created();
    await updateAccount(client(), SN, { smsResponse: before.smsResponse });
    nextOperation();
    const { smsResponse: _r, ...rest } = full;
    expect(await smsAccount.diff(SN, outs, await checked(rest))).toEqual({ changes: true });
    expect(reported()).toEqual([]);
  });

  it("asks for a state-only update when a newly declared setting already has the declared value", async () => {
    const outs = await created({ serviceName: SN, description: "Marketing" });
    const more = { serviceName: SN, description: "Marketing", callbackUrl: before.callBack };
    expect(await smsAccount.diff(SN, outs, await checked(more))).toEqual({ changes: true });
    expect(reported()).toEqual([]);
  });

  it("asks for an update when only onDelete changes, and a replacement for another account", async () => {
    const outs = await created();
    expect(await smsAccount.diff(SN, outs, await checked({ ...full, onDelete: "retain" }))).toEqual({
      changes: true,
    });
    expect(await smsAccount.diff(SN, outs, await checked({ ...full, serviceName: SN2 }))).toEqual({
      changes: true,
      replaces: ["serviceName"],
    });
  });
});

describe("update", () => {
  it("repairs drift with one PUT of only what differs, keeping the original values", async () => {
    const outs = await created();
    await updateAccount(client(), SN, { description: "changed by hand", smsResponse: { text: "hello" } });
    nextOperation();
    const inputs = await checked(full);
    expect(await smsAccount.diff(SN, outs, inputs)).toEqual({ changes: true });
    const { outs: repaired } = await smsAccount.update(SN, outs, inputs);
    expect(calls()).toEqual([`GET /sms/${SN}`, `PUT /sms/${SN}`]);
    expect(putBodies()).toEqual([{ description: "Marketing", smsResponse: fullBody.smsResponse }]);
    expect(repaired).toEqual({
      serviceName: SN,
      ...fullSettings,
      original: beforeSettings,
      creditsLeft: 1000,
      creditsHoldByQuota: 0,
      userQuantityWithQuota: 0,
      onDelete: "restore",
    });
    expect(await getAccount(client(), SN)).toMatchObject(fullBody);
  });

  it("applies a program change with one PUT of the changed setting", async () => {
    const outs = await created();
    const changed = {
      ...full,
      creditThresholdForAutomaticRecredit: 10,
      automaticRecreditAmount: 250 as const,
    };
    const { outs: updated } = await smsAccount.update(SN, outs, await checked(changed));
    expect(putBodies()).toEqual([{ automaticRecreditAmount: 250, creditThresholdForAutomaticRecredit: 10 }]);
    expect(updated).toMatchObject({ automaticRecreditAmount: 250, creditThresholdForAutomaticRecredit: 10 });
    expect(updated.original).toEqual(beforeSettings);
  });

  it("gives a setting no longer declared its original value back, and stops reporting it", async () => {
    const outs = await created();
    const { smsResponse: _r, templates: _t, ...rest } = full;
    const { outs: updated } = await smsAccount.update(SN, outs, await checked(rest));
    expect(putBodies()).toEqual([{ smsResponse: before.smsResponse, templates: before.templates }]);
    expect(updated).toMatchObject({ smsResponse: null, templates: null });
    const { smsResponse: _or, templates: _ot, ...keptOriginal } = beforeSettings;
    expect(updated.original).toEqual(keptOriginal);
    expect(await getAccount(client(), SN)).toMatchObject({
      smsResponse: before.smsResponse,
      templates: before.templates,
      description: "Marketing",
    });
  });

  it("makes no PUT for a dropped setting whose original value is already live (state as the engine returns it)", async () => {
    const outs = await created();
    await updateAccount(client(), SN, { smsResponse: before.smsResponse });
    nextOperation();
    const { smsResponse: _r, ...rest } = full;
    const { outs: updated } = await smsAccount.update(SN, outs, await checked(rest));
    expect(calls()).toEqual([`GET /sms/${SN}`]);
    expect(updated.smsResponse).toBeNull();
    expect(Object.keys(updated.original)).not.toContain("smsResponse");
  });

  it("records a newly declared setting's live value as its original", async () => {
    const outs = await created({ serviceName: SN, description: "Marketing" });
    const more = { serviceName: SN, description: "Marketing", callbackUrl: "https://hooks.example.com/dlr" };
    const { outs: updated } = await smsAccount.update(SN, outs, await checked(more));
    expect(putBodies()).toEqual([{ callBack: "https://hooks.example.com/dlr" }]);
    expect(updated.original).toEqual({ description: before.description, callbackUrl: before.callBack });
    expect(updated.callbackUrl).toBe("https://hooks.example.com/dlr");
  });

  it("records a PUT that fails with 5xx as a partial failure that keeps every original value", async () => {
    const outs = await created({ serviceName: SN, description: "Marketing", callbackUrl: null });
    fx.emulator.control.setFaults({ errorRate: 1, errorStatus: 500, match: { method: "PUT" } });
    // description changes, callbackUrl is given back, templates is newly declared: all in one failed PUT.
    const more = { serviceName: SN, description: "Support", templates: { smsBody: "low" } };
    const error = await smsAccount.update(SN, outs, await checked(more)).then(
      () => undefined,
      (e: unknown) => e as Error & { id?: string; properties?: SmsAccountOutputs },
    );
    fx.emulator.control.clearFaults();
    expect(error?.message).toMatch(
      new RegExp(`^SmsAccount ${SN}: updating the account's settings failed: .*500`),
    );
    expect(error?.id).toBe(SN);
    expect(error?.properties?.original).toEqual({
      description: before.description,
      callbackUrl: before.callBack,
      templates: before.templates,
    });
    expect(error?.properties).toMatchObject({ description: "Marketing", templates: before.templates });
  });
});

describe("read", () => {
  it("reads the live values of the managed settings for refresh, with one GET", async () => {
    await setBefore();
    const { outs } = await smsAccount.create(
      await checked({ serviceName: SN, description: "Marketing", smsResponse: { responseType: "none" } }),
    );
    await updateAccount(client(), SN, { description: "changed by hand", callBack: null });
    nextOperation();
    const { id, props } = await smsAccount.read(SN, fromState(outs));
    expect(calls()).toEqual([`GET /sms/${SN}`]);
    expect(id).toBe(SN);
    expect(props).toEqual({
      serviceName: SN,
      ...unmanaged,
      description: "changed by hand",
      smsResponse: { ...before.smsResponse, responseType: "none", text: null, trackingOptions: [] },
      original: { description: before.description, smsResponse: before.smsResponse },
      creditsLeft: 1000,
      creditsHoldByQuota: 0,
      userQuantityWithQuota: 0,
      onDelete: "restore",
    });
    // What delete will do is kept from the state.
    const retained = await smsAccount.read(SN, { ...fromState(outs), onDelete: "retain" });
    expect(retained.props.onDelete).toBe("retain");
  });
});

describe("delete", () => {
  it("gives back the values found at create with one PUT, whatever happened since", async () => {
    await setBefore();
    const { outs } = await smsAccount.create(await checked(full));
    await updateAccount(client(), SN, { description: "changed by hand" });
    nextOperation();
    await smsAccount.remove(SN, fromState(outs));
    expect(calls()).toEqual([`PUT /sms/${SN}`]);
    // A cleared URL is written as "" (OVH stores it as null).
    expect(putBodies()).toEqual([{ ...before, stopCallBack: "" }]);
    expect(await getAccount(client(), SN)).toMatchObject(before);
  });

  it("restores only the settings it managed", async () => {
    await setBefore();
    const { outs } = await smsAccount.create(await checked({ serviceName: SN, description: "Marketing" }));
    await updateAccount(client(), SN, { callBack: "https://someone.example.com/else" });
    nextOperation();
    await smsAccount.remove(SN, fromState(outs));
    expect(putBodies()).toEqual([{ description: before.description }]);
    expect((await getAccount(client(), SN)).callBack).toBe("https://someone.example.com/else");
  });

  it("leaves the settings as they are with onDelete retain", async () => {
    await setBefore();
    const { outs } = await smsAccount.create(await checked({ ...full, onDelete: "retain" }));
    nextOperation();
    await smsAccount.remove(SN, fromState(outs));
    expect(calls()).toEqual([]);
    expect(await getAccount(client(), SN)).toMatchObject(fullBody);
  });

  it("tolerates an account that no longer exists", async () => {
    const { outs } = await smsAccount.create(await checked(full));
    fx.emulator.control.reset();
    const seed = providerSeed();
    seed.customers[0]!.services = seed.customers[0]!.services!.filter((s) => s.serviceName !== SN);
    fx.emulator.control.seed(seed);
    nextOperation();
    await smsAccount.remove(SN, fromState(outs));
    expect(
      fx.emulator.control
        .requests()
        .filter((r) => r.path.startsWith("/1.0/sms"))
        .map((r) => `${r.method} ${r.status}`),
    ).toEqual(["PUT 404"]);
  });

  it("fails naming the account when the original values cannot be written back", async () => {
    const { outs } = await smsAccount.create(await checked(full));
    nextOperation();
    fx.emulator.control.setFaults({ errorRate: 1, errorStatus: 500, match: { method: "PUT" } });
    await expect(smsAccount.remove(SN, fromState(outs))).rejects.toThrow(
      `SmsAccount ${SN}: restoring the original settings failed`,
    );
    fx.emulator.control.clearFaults();
  });
});

describe("settings the program made secret", () => {
  const secretUrl = "https://hooks.example.com/dlr?token=abc";
  const declaredSecret = {
    serviceName: SN,
    description: "Marketing",
    callbackUrl: secretUrl,
    secretInputs: ["callbackUrl"],
  };
  /** Every form the value could take in JSON outputs. */
  const leaks = (value: unknown) => JSON.stringify(value).includes("token=abc");

  it("records a secret setting that already had the declared value as unchanged, never its value", async () => {
    await setBefore();
    await updateAccount(client(), SN, { callBack: secretUrl });
    fx.emulator.control.clearRequests();
    const { outs } = await smsAccount.create(await checked(declaredSecret));
    expect(putBodies()).toEqual([{ description: "Marketing" }]);
    expect(leaks(outs)).toBe(false);
    expect(outs.original).toEqual({ description: before.description });
    expect(outs.unchangedSecrets).toEqual(["callbackUrl"]);
    expect(outs.callbackUrl).toBeUndefined(); // the setting's own output is left out too

    // Managed all the same: no change on the next run, refresh keeps it, nothing leaks there either.
    nextOperation();
    const state = fromState(outs);
    expect(await smsAccount.diff(SN, state, await checked(declaredSecret))).toEqual({ changes: false });
    const { props } = await smsAccount.read(SN, state);
    expect(leaks(props)).toBe(false);
    expect(props).toMatchObject({
      original: { description: before.description },
      unchangedSecrets: ["callbackUrl"],
    });

    // Delete gives back the description and leaves the URL, which was already the account's.
    nextOperation();
    await smsAccount.remove(SN, fromState(props));
    expect(putBodies()).toEqual([{ description: before.description }]);
    expect(await getAccount(client(), SN)).toMatchObject({ ...before, callBack: secretUrl });
  });

  it("keeps a different original value (the program did not declare it) and restores it on delete", async () => {
    await setBefore();
    const { outs } = await smsAccount.create(await checked(declaredSecret));
    expect(putBodies()).toEqual([{ description: "Marketing", callBack: secretUrl }]);
    expect(leaks(outs)).toBe(false);
    expect(outs.original).toEqual({ description: before.description, callbackUrl: before.callBack });
    expect(outs.unchangedSecrets).toBeUndefined();
    nextOperation();
    await smsAccount.remove(SN, fromState(outs));
    expect(putBodies()).toEqual([{ description: before.description, callBack: before.callBack }]);
    expect(await getAccount(client(), SN)).toMatchObject(before);
  });

  it("drops a value recorded in clear from the state once the program makes it secret, with no write", async () => {
    await setBefore();
    // Declared in clear, with the value the account already had: recorded as original and output.
    const plain = { serviceName: SN, callbackUrl: before.callBack };
    const { outs } = await smsAccount.create(await checked(plain));
    expect(outs).toMatchObject({ callbackUrl: before.callBack, original: { callbackUrl: before.callBack } });
    nextOperation();
    // The program now makes that value secret: a state-only update takes it out of the outputs.
    const now = { ...plain, secretInputs: ["callbackUrl"] };
    expect(await smsAccount.diff(SN, fromState(outs), await checked(now))).toEqual({ changes: true });
    const { outs: updated } = await smsAccount.update(SN, fromState(outs), await checked(now));
    expect(putBodies()).toEqual([]);
    expect(JSON.stringify(updated)).not.toContain(before.callBack);
    expect(updated).toMatchObject({ original: {}, unchangedSecrets: ["callbackUrl"] });
    nextOperation();
    expect(await smsAccount.diff(SN, fromState(updated), await checked(now))).toEqual({ changes: false });
    // No longer declared: nothing to give back (the live value is the original), and the marker goes.
    const { outs: dropped } = await smsAccount.update(
      SN,
      fromState(updated),
      await checked({ serviceName: SN }),
    );
    expect(putBodies()).toEqual([]);
    expect(dropped.original).toEqual({});
    expect(dropped.unchangedSecrets).toBeUndefined();
    expect((await getAccount(client(), SN)).callBack).toBe(before.callBack);
  });

  it("keeps the secret out of a partial failure's record", async () => {
    await setBefore();
    await updateAccount(client(), SN, { callBack: secretUrl });
    fx.emulator.control.setFaults({ errorRate: 1, errorStatus: 503, match: { method: "PUT" } });
    const error = await smsAccount.create(await checked(declaredSecret)).then(
      () => undefined,
      (e: unknown) => e as Error & { properties?: SmsAccountOutputs },
    );
    fx.emulator.control.clearFaults();
    expect(error?.properties).toMatchObject({ unchangedSecrets: ["callbackUrl"] });
    expect(leaks(error?.properties)).toBe(false);
  });
});
