/**
 * SmsUser under the real Pulumi engine, one scenario from creation to destroy against one emulator.
 * Steps build on each other, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteUser, getAccount, getUser, listUsers, updateUser } from "../../sdk";
import type { SmsUserArgs } from "../../provider";
import {
  apiCalls,
  CREDENTIALS,
  previewSteps,
  SERVICE_A,
  SERVICE_B,
  sms,
  startPulumi,
  type PulumiRun,
} from "./harness";
import { leakReport } from "./secrets";

type Declared = SmsUserArgs & { name: string };

const alice: Declared = {
  name: "alice",
  serviceName: SERVICE_A,
  login: "alice",
  password: "Alice123",
  callbackUrl: "https://hooks.example.com/dlr",
  stopCallbackUrl: "https://hooks.example.com/stop",
  ipRestrictions: ["203.0.113.10", "198.51.100.1"],
  quota: { credits: 200 },
  alert: { threshold: 20, via: "both", email: "ops@example.com", phoneNumber: "+33612345678" },
};
const bob: Declared = {
  name: "bob",
  serviceName: SERVICE_A,
  login: "bob",
  password: "Bob12345",
  quota: { credits: 50 },
};
const carol: Declared = { name: "carol", serviceName: SERVICE_B, login: "carol", password: "Carol123" };

let declared: Declared[] = [alice, bob, carol];
let run: PulumiRun;

const program = async () => {
  for (const { name, ...args } of declared) new sms.SmsUser(name, args);
};

beforeAll(async () => {
  run = await startPulumi({ program });
});
afterAll(() => run?.close());

describe("SmsUser under the Pulumi engine", () => {
  it("creates every user with every setting", async () => {
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 4 }); // three users and the stack
    const user = await getUser(run.client, SERVICE_A, "alice");
    expect(user).toMatchObject({
      login: "alice",
      password: "Alice123",
      callBack: "https://hooks.example.com/dlr",
      stopCallBack: "https://hooks.example.com/stop",
      quotaInformations: { quotaLeft: 200, quotaStatus: "active" },
      alertThresholdInformations: {
        alertThreshold: 20,
        support: "both",
        alertEmail: "ops@example.com",
        alertNumber: "+33612345678",
      },
    });
    expect([...user.ipRestrictions].sort()).toEqual(["198.51.100.1", "203.0.113.10"]);
    const account = await getAccount(run.client, SERVICE_A);
    expect([account.creditsLeft, account.creditsHoldByQuota, account.userQuantityWithQuota]).toEqual([
      750, 250, 2,
    ]);
    expect(await listUsers(run.client, SERVICE_B)).toEqual(["carol"]);
  });

  it("previews no change on a second run, with one GET per user and one of each account", async () => {
    run.emulator.control.clearRequests();
    expect(await previewSteps(run)).toEqual([]);
    const calls = apiCalls(run).filter((c) => !c.endsWith("/users"));
    expect(calls.sort()).toEqual([
      `GET /sms/${SERVICE_A}`,
      `GET /sms/${SERVICE_A}/users/alice`,
      `GET /sms/${SERVICE_A}/users/bob`,
      `GET /sms/${SERVICE_B}`,
      `GET /sms/${SERVICE_B}/users/carol`,
    ]);
  });

  it("updates only the changed user, with one PUT", async () => {
    declared = [{ ...alice, ipRestrictions: ["203.0.113.10"] }, bob, carol];
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1, same: 3 });
    expect(apiCalls(run).filter((c) => !c.startsWith("GET"))).toEqual([`PUT /sms/${SERVICE_A}/users/alice`]);
    expect((await getUser(run.client, SERVICE_A, "alice")).ipRestrictions).toEqual(["203.0.113.10"]);
  });

  it("replaces a user whose login changes", async () => {
    declared = [declared[0] as Declared, { ...bob, login: "robert" }, carol];
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await listUsers(run.client, SERVICE_A)).sort()).toEqual(["alice", "robert"]);
  });

  it("detects drift made in the control panel and repairs it, but not quota consumption", async () => {
    await updateUser(run.client, SERVICE_A, "alice", {
      callBack: "https://evil.example.net/x",
      ipRestrictions: [],
    });
    run.emulator.control.consume(SERVICE_A, "robert", 20);
    let shown = "";
    await run.stack.preview({ onOutput: (text) => (shown += text) });
    // A person running `pulumi preview` sees which fields drifted; consumption is not reported.
    expect(shown).toContain(
      `SmsUser ${SERVICE_A}/alice: the live user differs from the program in callbackUrl, ipRestrictions`,
    );
    expect(shown).not.toContain("robert");
    expect(await previewSteps(run)).toEqual([{ op: "update", name: "alice" }]);
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1 });
    const repaired = await getUser(run.client, SERVICE_A, "alice");
    expect([repaired.callBack, repaired.ipRestrictions]).toEqual([
      "https://hooks.example.com/dlr",
      ["203.0.113.10"],
    ]);
    expect((await getUser(run.client, SERVICE_A, "robert")).quotaInformations.quotaLeft).toBe(30);
  });

  it("recreates on up a user deleted out of band", async () => {
    await deleteUser(run.client, SERVICE_A, "robert");
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await getUser(run.client, SERVICE_A, "robert")).quotaInformations).toEqual({
      quotaLeft: 50,
      quotaStatus: "active",
    });
  });

  it("shows which fields drifted on refresh", async () => {
    await updateUser(run.client, SERVICE_A, "alice", { stopCallBack: "https://evil.example.net/stop" });
    const shown = await run.cli("refresh", "--diff", "--yes", "--non-interactive", "--color", "never");
    expect(shown).toMatch(
      /~ stopCallbackUrl\s*:\s*"https:\/\/hooks.example.com\/stop" => "https:\/\/evil.example.net\/stop"/,
    );
    await run.stack.up();
  });

  it("drops a user deleted out of band on refresh", async () => {
    await deleteUser(run.client, SERVICE_B, "carol");
    const result = await run.stack.refresh();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 1 });
    const state = await run.stack.exportStack();
    expect(JSON.stringify(state)).not.toContain("::carol");
  });

  it("keeps passwords and credentials out of the exported state", async () => {
    const text = await run.cli("stack", "export");
    expect(text).toContain('"ciphertext"');
    for (const secret of ["Alice123", "Bob12345", CREDENTIALS.applicationSecret, CREDENTIALS.consumerKey])
      expect(text).not.toContain(secret);
  });

  it("rejects bad inputs at preview, naming the field, with no API call", async () => {
    declared = [{ ...alice, password: "short", ipRestrictions: ["10.0.0.300"] }];
    run.emulator.control.clearRequests();
    let shown = "";
    const failure = await run.stack.preview({ onOutput: (text) => (shown += text) }).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toContain("resource 'alice' has a problem: password must be exactly 8 letters or digits");
    expect(failure).toContain(
      "property ipRestrictions value {[{10.0.0.300}]} has a problem: ipRestrictions[0] must be an IPv4 address",
    );
    expect(leakReport(failure + shown, { password: "short" })).toEqual([]);
    expect(apiCalls(run)).toEqual([]);
  });

  it("destroys every user and returns the held credits", async () => {
    declared = [];
    await run.stack.destroy();
    expect(await listUsers(run.client, SERVICE_A)).toEqual([]);
    const account = await getAccount(run.client, SERVICE_A);
    expect([account.creditsLeft + account.creditsHoldByQuota, account.creditsHoldByQuota]).toEqual([980, 0]);
  });
});
