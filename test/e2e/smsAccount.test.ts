/**
 * SmsAccount under the real Pulumi engine: an existing account's settings applied, drift made in the
 * control panel shown and repaired, refresh, a setting no longer declared given back, destroy restoring
 * what the account had before. Steps build on each other, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, updateAccount, type AccountUpdate } from "../../sdk";
import type { SmsAccountArgs } from "../../provider";
import { apiCalls, previewSteps, SERVICE_A, sms, startPulumi, type PulumiRun } from "./harness";

/** What the account holds before the stack touches it. */
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
  automaticRecreditAmount: null,
  creditThresholdForAutomaticRecredit: 0,
  templates: {
    customizedEmailMode: false,
    customizedSmsMode: false,
    emailBody: null,
    emailFrom: null,
    emailSubject: null,
    smsBody: null,
  },
} satisfies AccountUpdate;

const tracking = [
  { media: "sms", sender: "ACME", target: "+33612345678" },
  { media: "email", sender: "sms@example.com", target: "ops@example.com" },
] as const;

const settings: SmsAccountArgs = {
  serviceName: SERVICE_A,
  description: "Marketing",
  callbackUrl: "https://hooks.example.com/dlr",
  stopCallbackUrl: "https://hooks.example.com/stop",
  smsResponse: {
    responseType: "cgi",
    cgiUrl: "https://hooks.example.com/reply",
    trackingOptions: [...tracking],
  },
  automaticRecreditAmount: 500,
  creditThresholdForAutomaticRecredit: 50,
};

/** `settings.smsResponse` as OVH returns it (tracking options in canonical order). */
const liveResponse = {
  responseType: "cgi",
  cgiUrl: "https://hooks.example.com/reply",
  text: null,
  trackingDefaultSmsSender: null,
  trackingOptions: [tracking[1], tracking[0]],
};

let declared: SmsAccountArgs = settings;
let duplicate = false;
let run: PulumiRun;

const program = async () => {
  const account = new sms.SmsAccount("main", declared);
  if (duplicate) new sms.SmsAccount("again", { serviceName: SERVICE_A, description: "other" });
  return { original: account.original, onDelete: account.onDelete, creditsLeft: account.creditsLeft };
};

function putBodies(): unknown[] {
  return run.emulator.control
    .requests()
    .filter((r) => r.method === "PUT")
    .map((r) => r.body);
}

beforeAll(async () => {
  run = await startPulumi({ program });
  await updateAccount(run.client, SERVICE_A, before);
});
afterAll(() => run?.close());

describe("SmsAccount under the Pulumi engine", () => {
  it("applies the declared settings with one PUT and records what the account had", async () => {
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 }); // the account and the stack
    expect(putBodies()).toEqual([
      {
        description: "Marketing",
        callBack: "https://hooks.example.com/dlr",
        stopCallBack: "https://hooks.example.com/stop",
        smsResponse: liveResponse,
        automaticRecreditAmount: 500,
        creditThresholdForAutomaticRecredit: 50,
      },
    ]);
    expect(await getAccount(run.client, SERVICE_A)).toMatchObject({
      description: "Marketing",
      callBack: "https://hooks.example.com/dlr",
      smsResponse: liveResponse,
      automaticRecreditAmount: 500,
      templates: before.templates, // not declared: left as it is
    });
    expect(result.outputs.onDelete?.value).toBe("restore");
    expect(result.outputs.creditsLeft?.value).toBe(1000);
    expect(result.outputs.original?.value).toEqual({
      description: before.description,
      callbackUrl: before.callBack,
      stopCallbackUrl: null,
      smsResponse: before.smsResponse,
      automaticRecreditAmount: null,
      creditThresholdForAutomaticRecredit: 0,
    });
  });

  it("previews no change on a second run, with one GET of the account", async () => {
    run.emulator.control.clearRequests();
    expect(await previewSteps(run)).toEqual([]);
    expect(apiCalls(run)).toEqual([`GET /sms/${SERVICE_A}`]);
  });

  it("shows a change made in the control panel as drift, and repairs it with one PUT", async () => {
    await updateAccount(run.client, SERVICE_A, {
      description: "changed by hand",
      smsResponse: { text: "hello" },
      templates: { smsBody: "not managed" },
    });
    let shown = "";
    await run.stack.preview({ onOutput: (text) => (shown += text) });
    expect(shown).toContain(
      `SmsAccount ${SERVICE_A}: the live account differs from the program in description, smsResponse`,
    );
    expect(await previewSteps(run)).toEqual([{ op: "update", name: "main" }]);
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(putBodies()).toEqual([{ description: "Marketing", smsResponse: liveResponse }]);
    expect(await getAccount(run.client, SERVICE_A)).toMatchObject({
      description: "Marketing",
      smsResponse: liveResponse,
      templates: { smsBody: "not managed" },
    });
    expect(await previewSteps(run)).toEqual([]);
  });

  it("shows the live values on refresh", async () => {
    await updateAccount(run.client, SERVICE_A, { stopCallBack: "https://evil.example.net/stop" });
    const shown = await run.cli("refresh", "--diff", "--yes", "--non-interactive", "--color", "never");
    expect(shown).toMatch(
      /~ stopCallbackUrl\s*:\s*"https:\/\/hooks.example.com\/stop" => "https:\/\/evil.example.net\/stop"/,
    );
    run.emulator.control.clearRequests();
    await run.stack.up();
    expect(putBodies()).toEqual([{ stopCallBack: "https://hooks.example.com/stop" }]);
  });

  it("gives settings no longer declared their original values back, then previews no change", async () => {
    // smsResponse was put back by hand already: only stopCallbackUrl needs writing. The originals come back
    // from the state with their keys in another order than OVH's: they must still compare equal.
    await updateAccount(run.client, SERVICE_A, { smsResponse: before.smsResponse });
    const { smsResponse: _r, stopCallbackUrl: _s, ...rest } = settings;
    declared = rest;
    run.emulator.control.clearRequests();
    await run.stack.up();
    expect(putBodies()).toEqual([{ stopCallBack: "" }]);
    expect(await getAccount(run.client, SERVICE_A)).toMatchObject({
      smsResponse: before.smsResponse,
      stopCallBack: null,
    });
    expect(await previewSteps(run)).toEqual([]);
  });

  it("refuses a second declaration of the same account at preview, naming both", async () => {
    duplicate = true;
    const failure = await run.stack.preview().then(
      () => "",
      (error: Error) => error.message,
    );
    duplicate = false;
    expect(failure).toContain(`SmsAccount "again" and SmsAccount "main" both declare ${SERVICE_A}`);
  });

  it("restores on destroy what the account had before the stack", async () => {
    run.emulator.control.clearRequests();
    await run.stack.destroy();
    expect(putBodies()).toHaveLength(1);
    expect(await getAccount(run.client, SERVICE_A)).toMatchObject({
      ...before,
      templates: { ...before.templates, smsBody: "not managed" },
    });
  });
});
