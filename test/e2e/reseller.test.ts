/**
 * The reseller scenario under the real Pulumi engine: one program provisions two customer accounts from a
 * master account (settings, a user with a quota, a receiver slot from inline CSV, a sender, and a credit
 * transfer from the master to each customer). Credits are conserved over the whole run, transfers happen
 * once per trigger (also when an answer is lost), destroy gives the accounts back as they were, and a
 * consumer key limited to one customer is refused at preview naming the other. Steps build on each other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedDocument } from "../../emulator";
import { getAccount, listReceivers, listSenders, listUsers } from "../../sdk";
import { apiCalls, CREDENTIALS, failure, previewSteps, type PulumiRun, sms, startPulumi } from "./harness";

const MASTER = "sms-rr00000-1";
const CUSTOMERS = ["sms-rr11111-1", "sms-rr22222-1"] as const;
const ACCOUNTS = [MASTER, ...CUSTOMERS];
const TOTAL = 2000 + 100 + 100;
/** A consumer key whose access rules cover only the first customer's account. */
const FIRST_CUSTOMER_ONLY = "e2eConsumerKeyFirstCustomer00001";

const seed: SeedDocument = {
  customers: [
    {
      nic: "rr00000-ovh",
      services: [
        { serviceName: MASTER, creditsLeft: 2000, description: "master" },
        { serviceName: CUSTOMERS[0], creditsLeft: 100, description: "bought by customer 1" },
        { serviceName: CUSTOMERS[1], creditsLeft: 100, description: "bought by customer 2" },
      ],
      applications: [
        {
          applicationKey: CREDENTIALS.applicationKey,
          applicationSecret: CREDENTIALS.applicationSecret,
          consumerKeys: [
            { consumerKey: CREDENTIALS.consumerKey },
            {
              consumerKey: FIRST_CUSTOMER_ONLY,
              rules: ["GET", "POST", "PUT", "DELETE"].flatMap((method) => [
                { method: method as "GET", path: `/sms/${CUSTOMERS[0]}` },
                { method: method as "GET", path: `/sms/${CUSTOMERS[0]}/*` },
              ]),
            },
          ],
        },
      ],
    },
  ],
};

// The cookbook's contacts.csv: spaces around the separators, French national numbers.
const contacts = "number ;lastname ;firstname\n0662000000 ;Dupont ;Marie\n0663000000 ;Martin ;Paul\n";
let triggers = ["2026-12"];

/** Each customer: 300 credits from the master fund a user whose quota (400) needs more than the 100 it has. */
const program = async () => {
  CUSTOMERS.forEach((serviceName, i) => {
    const n = i + 1;
    const funding = new sms.SmsCreditTransfer(`funding-${n}`, {
      from: MASTER,
      to: serviceName,
      credits: 300,
      triggers,
    });
    new sms.SmsAccount(`settings-${n}`, {
      serviceName,
      description: `Customer ${n} (managed)`,
      callbackUrl: `https://hooks.example.com/c${n}/dlr`,
      stopCallbackUrl: `https://hooks.example.com/c${n}/stop`,
    });
    new sms.SmsUser(
      `agent-${n}`,
      { serviceName, login: "agent", password: `Agent12${n}`, quota: { credits: 400 } },
      { dependsOn: [funding] },
    );
    new sms.SmsReceiverSlot(`contacts-${n}`, {
      serviceName,
      slotId: 1,
      description: "customers",
      csv: contacts,
      defaultCountry: "FR",
    });
    new sms.SmsSender(`brand-${n}`, {
      serviceName,
      sender: `Shop${n}`,
      description: "orders",
      reason: "The shop's name, for order notifications",
    });
  });
};

let run: PulumiRun;

async function credits(): Promise<{ free: number[]; total: number }> {
  const accounts = await Promise.all(ACCOUNTS.map((sn) => getAccount(run.client, sn)));
  return {
    free: accounts.map((a) => a.creditsLeft),
    total: accounts.reduce((sum, a) => sum + a.creditsLeft + a.creditsHoldByQuota, 0),
  };
}

function transfers(): string[] {
  return apiCalls(run).filter((c) => c.endsWith("/transferCredits"));
}

beforeAll(async () => {
  run = await startPulumi({ program, seed });
});
afterAll(() => run?.close());

describe("a reseller provisioning two customers from a master account", () => {
  it("provisions both customers in one up, moving each transfer once and conserving credits", async () => {
    run.emulator.control.clearRequests();
    await run.stack.up();
    expect(transfers()).toEqual([
      `POST /sms/${MASTER}/transferCredits`,
      `POST /sms/${MASTER}/transferCredits`,
    ]);
    // Master 2000 − 2 × 300; each customer 100 + 300, all of it held by its user's quota.
    expect(await credits()).toEqual({ free: [1400, 0, 0], total: TOTAL });
    for (const [i, serviceName] of CUSTOMERS.entries()) {
      const account = await getAccount(run.client, serviceName);
      expect(account).toMatchObject({
        description: `Customer ${i + 1} (managed)`,
        callBack: `https://hooks.example.com/c${i + 1}/dlr`,
        stopCallBack: `https://hooks.example.com/c${i + 1}/stop`,
        creditsHoldByQuota: 400,
      });
      expect(await listUsers(run.client, serviceName)).toEqual(["agent"]);
      expect(await listReceivers(run.client, serviceName)).toEqual([1]);
      expect(await listSenders(run.client, serviceName)).toEqual([`Shop${i + 1}`]);
    }
    const slot = (await run.stack.exportStack()).deployment.resources.find((r: { urn: string }) =>
      r.urn.endsWith("::contacts-1"),
    )?.outputs as Record<string, unknown>;
    expect(slot).toMatchObject({ records: 2, columns: ["number", "lastname", "firstname"] });
  });

  it("changes and transfers nothing on a second up", async () => {
    expect(await previewSteps(run)).toEqual([]);
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).not.toHaveProperty("create");
    expect(result.summary.resourceChanges).not.toHaveProperty("update");
    expect(transfers()).toEqual([]);
    expect(await credits()).toEqual({ free: [1400, 0, 0], total: TOTAL });
  });

  it("transfers exactly once more to each customer when the triggers change", async () => {
    triggers = ["2027-01"];
    run.emulator.control.clearRequests();
    await run.stack.up();
    expect(transfers()).toHaveLength(2);
    expect(await credits()).toEqual({ free: [800, 300, 300], total: TOTAL });
  });

  it("a transfer whose answer is lost fails clearly, is recorded, and is never sent again", async () => {
    triggers = ["2027-02"];
    run.emulator.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/transferCredits" } });
    run.emulator.control.clearRequests();
    const message = await failure(run.stack.up());
    expect(message).toMatch(
      /the transfer of 300 credits from sms-rr00000-1 to sms-rr\d{5}-1 may have been applied/,
    );
    expect(message).toContain("It is not sent again");
    run.emulator.control.setFaults({});
    // The engine stops starting operations after a failure: the other customer's transfer may not have run.
    const made = transfers().length;
    expect(made).toBeGreaterThanOrEqual(1);
    // The recorded transfer can be refreshed (its state keeps the provider), and refresh moves nothing.
    run.emulator.control.clearRequests();
    await run.stack.refresh();
    expect(transfers()).toEqual([]);
    await run.stack.up();
    // Each trigger moved exactly once: the dropped transfer is not sent again, the other one is finished.
    expect(made + transfers().length).toBe(2);
    expect(await credits()).toEqual({ free: [200, 600, 600], total: TOTAL });
    run.emulator.control.clearRequests();
    await run.stack.up();
    expect(transfers()).toEqual([]);
  });

  it("is refused at preview, naming the account, with a key that covers only the first customer", async () => {
    await run.stack.setConfig("ovh:consumerKey", { value: FIRST_CUSTOMER_ONLY, secret: true });
    run.emulator.control.clearRequests();
    let shown = "";
    const message = await failure(run.stack.preview({ onOutput: (text) => (shown += text) }));
    await run.stack.setConfig("ovh:consumerKey", { value: CREDENTIALS.consumerKey, secret: true });
    expect(message).toContain(`these credentials may not use the SMS account ${CUSTOMERS[1]}`);
    expect(message).toContain(`GET /sms/${CUSTOMERS[1]} answered 403`);
    expect(message).not.toContain(FIRST_CUSTOMER_ONLY);
    expect(shown).not.toContain(FIRST_CUSTOMER_ONLY);
    expect(apiCalls(run).filter((c) => !c.startsWith("GET "))).toEqual([]);
  });

  it("destroys users, slots and senders, gives back the settings, and moves no credits back", async () => {
    run.emulator.control.clearRequests();
    await run.stack.destroy();
    expect(transfers()).toEqual([]);
    for (const [i, serviceName] of CUSTOMERS.entries()) {
      const account = await getAccount(run.client, serviceName);
      expect(account).toMatchObject({
        description: `bought by customer ${i + 1}`,
        callBack: null,
        stopCallBack: null,
        creditsHoldByQuota: 0,
      });
      expect(await listUsers(run.client, serviceName)).toEqual([]);
      expect(await listReceivers(run.client, serviceName)).toEqual([]);
      expect(await listSenders(run.client, serviceName)).toEqual([]);
    }
    // The quotas' credits return to each customer; the transfers stay where they went.
    expect(await credits()).toEqual({ free: [200, 1000, 1000], total: TOTAL });
  });
});
