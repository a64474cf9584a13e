/**
 * The root program (Pulumi.yaml → dist/program/index.js → an accounts file) run by the real language
 * host, as `pulumi up` in this repository runs it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, getSender, getUser, listReceivers, listSenders, listUsers } from "../../sdk";
import { apiCalls, previewSteps, SERVICE_A, SERVICE_B, startPulumi, type PulumiRun } from "./harness";

// One object of each kind. B has 500 credits: support's quota of 600 needs the transfer first (the
// file makes the user depend on it), and destroy moves the 200 back once the quota returned its credits.
const accountsYaml = `
accounts:
  - serviceName: ${SERVICE_A}
    settings: { description: Shop, callbackUrl: https://hooks.example.com/account-dlr }
    users:
      - login: shop
        passwordSecret: shopPassword
        callbackUrl: https://hooks.example.com/dlr
        ipRestrictions: [203.0.113.7]
        quota: { credits: 40 }
    senders:
      - { sender: ShopE2E, description: orders, reason: The shop's name for order notifications }
    receiverSlots:
      - { slotId: 1, description: customers, csvFile: lists/customers.csv, defaultCountry: FR }
      - { slotId: 2, login: shop, description: vip, csv: [{ number: "+33662000009", firstname: Ada }] }
  - serviceName: ${SERVICE_B}
    users:
      - login: support
        passwordSecret: supportPassword
        quota: { credits: 600 }
        alert: { threshold: 3, via: sms, phoneNumber: "+33611111111" }
transfers:
  - { name: support-credits, from: ${SERVICE_A}, to: ${SERVICE_B}, credits: 200, reverseOnDelete: true }
`;

let run: PulumiRun;
let accountsFile: string;
let descriptionBefore: string;

beforeAll(async () => {
  run = await startPulumi({ workDir: path.resolve(__dirname, "../..") });
  accountsFile = path.join(run.dir, "accounts.yaml");
  fs.writeFileSync(accountsFile, accountsYaml);
  fs.mkdirSync(path.join(run.dir, "lists"));
  fs.writeFileSync(
    path.join(run.dir, "lists", "customers.csv"),
    "number;firstname\n0662000001;Jean\n0662000002;Luc\n",
  );
  descriptionBefore = (await getAccount(run.client, SERVICE_A)).description;
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
    // The stack, settings, 2 users, a sender, 2 slots, the transfer and its intent.
    expect(result.summary.resourceChanges).toMatchObject({ create: 9 });
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

  it("applies the settings, senders, receiver slots and transfers of the file", async () => {
    expect(await getAccount(run.client, SERVICE_A)).toMatchObject({
      description: "Shop",
      callBack: "https://hooks.example.com/account-dlr",
    });
    expect(await getSender(run.client, SERVICE_A, "ShopE2E")).toMatchObject({ description: "orders" });
    expect(await listReceivers(run.client, SERVICE_A)).toEqual([1]);
    expect(await listReceivers(run.client, SERVICE_A, "shop")).toEqual([2]);
    const outputs = await run.stack.outputs();
    expect(outputs.smsReceiverSlots?.value).toEqual({
      [`${SERVICE_A}/slots/1`]: { records: 2, columns: ["number", "firstname"] },
      [`${SERVICE_A}/users/shop/slots/2`]: { records: 1, columns: ["number", "firstname"] },
    });
    expect(outputs.smsCreditTransfers?.value).toEqual({
      "transfers/support-credits": { outcome: "applied", toCreditsLeft: 700 },
    });
    expect((await getUser(run.client, SERVICE_B, "support")).quotaInformations.quotaLeft).toBe(600);
    // The order the engine keeps for destroy: the quota after the transfer, the user's slot after the user.
    const resources = (await run.stack.exportStack()).deployment.resources as Array<{
      urn: string;
      dependencies?: string[];
    }>;
    const urn = (name: string) => resources.find((r) => r.urn.endsWith(`::${name}`))?.urn ?? name;
    const dependencies = (name: string) => resources.find((r) => r.urn === urn(name))?.dependencies ?? [];
    expect(dependencies(`${SERVICE_B}/support`)).toContain(urn("transfers/support-credits"));
    expect(dependencies(`${SERVICE_A}/users/shop/slots/2`)).toContain(urn(`${SERVICE_A}/shop`));
  });

  it("refuses an invalid accounts file before any API call, naming the file and the field", async () => {
    fs.writeFileSync(
      accountsFile,
      accountsYaml.replace("203.0.113.7", "203.0.113.700").replace("sender: ShopE2E", 'sender: "0612345678"'),
    );
    run.emulator.control.clearRequests();
    const failure = await run.stack.preview().then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toContain(`${accountsFile} is not a valid accounts file`);
    expect(failure).toContain("accounts[0].users[0].ipRestrictions[0]: must be an IPv4 address");
    expect(failure).toContain("accounts[0].senders[0].sender: cannot be only digits");
    expect(apiCalls(run)).toEqual([]);
  });

  it("destroys what it made on both accounts, restores the settings, and the credits come back", async () => {
    fs.writeFileSync(accountsFile, accountsYaml);
    const result = await run.stack.destroy();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 9 });
    expect(await listUsers(run.client, SERVICE_A)).toEqual([]);
    expect(await listUsers(run.client, SERVICE_B)).toEqual([]);
    expect(await listSenders(run.client, SERVICE_A)).toEqual([]);
    expect(await listReceivers(run.client, SERVICE_A)).toEqual([]);
    expect((await getAccount(run.client, SERVICE_A)).description).toBe(descriptionBefore);
    const [a, b] = await Promise.all([getAccount(run.client, SERVICE_A), getAccount(run.client, SERVICE_B)]);
    expect([a.creditsLeft, a.creditsHoldByQuota, b.creditsLeft, b.creditsHoldByQuota]).toEqual([
      1000, 0, 500, 0,
    ]);
  });
});
