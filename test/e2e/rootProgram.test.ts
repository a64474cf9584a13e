/**
 * The root program (Pulumi.yaml → dist/program/index.js → an accounts file) run by the real language
 * host, as `pulumi up` in this repository runs it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, getUser, listUsers } from "../../sdk";
import { apiCalls, previewSteps, SERVICE_A, SERVICE_B, startPulumi, type PulumiRun } from "./harness";

const accountsYaml = `
accounts:
  - serviceName: ${SERVICE_A}
    users:
      - login: shop
        passwordSecret: shopPassword
        callbackUrl: https://hooks.example.com/dlr
        ipRestrictions: [203.0.113.7]
        quota: { credits: 40 }
  - serviceName: ${SERVICE_B}
    users:
      - login: support
        passwordSecret: supportPassword
        alert: { threshold: 3, via: sms, phoneNumber: "+33611111111" }
`;

let run: PulumiRun;
let accountsFile: string;

beforeAll(async () => {
  run = await startPulumi({ workDir: path.resolve(__dirname, "../..") });
  accountsFile = path.join(run.dir, "accounts.yaml");
  fs.writeFileSync(accountsFile, accountsYaml);
  await run.stack.setAllConfig({
    accountsFile: { value: accountsFile },
    shopPassword: { value: "Shop1234", secret: true },
    supportPassword: { value: "Supp1234", secret: true },
  });
});
afterAll(() => run?.close());

describe("the root program", () => {
  it("applies the accounts file through the language host", async () => {
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 3 });
    expect(await getUser(run.client, SERVICE_A, "shop")).toMatchObject({
      password: "Shop1234",
      callBack: "https://hooks.example.com/dlr",
      ipRestrictions: ["203.0.113.7"],
      quotaInformations: { quotaLeft: 40, quotaStatus: "active" },
    });
    expect((await getUser(run.client, SERVICE_B, "support")).alertThresholdInformations).toMatchObject({
      alertThreshold: 3,
      support: "sms",
      alertNumber: "+33611111111",
    });
    const outputs = result.outputs.smsUsers?.value as Record<string, { quotaLeft: number }>;
    expect(outputs[`${SERVICE_A}/shop`]?.quotaLeft).toBe(40);
    expect(await previewSteps(run)).toEqual([]);
  });

  it("refuses an invalid accounts file before any API call, naming the file and the field", async () => {
    fs.writeFileSync(accountsFile, accountsYaml.replace("203.0.113.7", "203.0.113.700"));
    run.emulator.control.clearRequests();
    const failure = await run.stack.preview().then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toContain(`${accountsFile} is not a valid accounts file`);
    expect(failure).toContain("accounts[0].users[0].ipRestrictions[0]: must be an IPv4 address");
    expect(apiCalls(run)).toEqual([]);
  });

  it("destroys what it made on both accounts, and the held credits come back", async () => {
    fs.writeFileSync(accountsFile, accountsYaml);
    const result = await run.stack.destroy();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 3 });
    expect(await listUsers(run.client, SERVICE_A)).toEqual([]);
    expect(await listUsers(run.client, SERVICE_B)).toEqual([]);
    const [a, b] = await Promise.all([getAccount(run.client, SERVICE_A), getAccount(run.client, SERVICE_B)]);
    expect([a.creditsLeft, a.creditsHoldByQuota, b.creditsLeft, b.creditsHoldByQuota]).toEqual([
      1000, 0, 500, 0,
    ]);
  });
});
