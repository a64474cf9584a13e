/**
 * examples/reseller (a TypeScript program directory) under the real engine: customers from stack
 * config, users sized by plan, an existing user adopted.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, getUser, listUsers } from "../../sdk";
import { defaultSeed, previewSteps, SERVICE_A, SERVICE_B, startPulumi, type PulumiRun } from "./harness";

let run: PulumiRun;

beforeAll(async () => {
  const [customer] = defaultSeed.customers;
  // The first account already has an `api` user made by hand: the example adopts it.
  const services = customer?.services?.map((s, i) =>
    i === 0 ? { ...s, users: [{ login: "api", password: "Old12345" }] } : s,
  );
  run = await startPulumi({
    workDir: path.resolve(__dirname, "../../examples/reseller"),
    seed: { customers: [{ ...customer, nic: customer?.nic ?? "", services }] },
  });
  await run.stack.setAllConfig({
    customers: {
      value: JSON.stringify([
        {
          serviceName: SERVICE_A,
          plan: "business",
          contactEmail: "ops@a.example",
          serverIps: ["203.0.113.10"],
        },
        { serviceName: SERVICE_B, plan: "starter", contactEmail: "ops@b.example", serverIps: [] },
      ]),
    },
    [`${SERVICE_A}-password`]: { value: "Aaaa1111", secret: true },
    [`${SERVICE_B}-password`]: { value: "Bbbb2222", secret: true },
  });
});
afterAll(() => run?.close());

describe("examples/reseller", () => {
  it("provisions every customer by plan and adopts the user made by hand", async () => {
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 5 });
    expect(await getUser(run.client, SERVICE_A, "api")).toMatchObject({
      password: "Aaaa1111",
      ipRestrictions: ["203.0.113.10"],
      quotaInformations: { quotaLeft: 500, quotaStatus: "active" },
      alertThresholdInformations: { alertThreshold: 50, support: "mail", alertEmail: "ops@a.example" },
    });
    expect((await listUsers(run.client, SERVICE_B)).sort()).toEqual(["alerts", "api"]);
    expect((await getAccount(run.client, SERVICE_B)).creditsHoldByQuota).toBe(120);
    expect(await previewSteps(run)).toEqual([]);
  });
});
