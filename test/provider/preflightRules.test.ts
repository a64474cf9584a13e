/**
 * provider/preflight.ts's credit arithmetic on its own, without an emulator: where "fits" ends, and what
 * the shortfall message counts. Written against the survivors of mutation testing (TESTING.md).
 */
import { describe, expect, it } from "vitest";
import { configure, startNewOperation } from "../../provider/config";
import { creditShortfall, planCredits } from "../../provider/preflight";

const SN = "sms-xx11111-1";
const taken = (...parts: Array<[string, number]>) => ({
  total: parts.reduce((sum, [, n]) => sum + n, 0),
  parts,
});

describe("creditShortfall", () => {
  it("accepts quotas that take exactly the free credits, refuses one credit more", () => {
    expect(creditShortfall(SN, 100, taken(["alice", 60], ["bob", 40]))).toBeUndefined();
    expect(creditShortfall(SN, 100, taken(["alice", 60], ["bob", 40.5]))).toBe(
      `the quotas this plan sets on ${SN} take at least 100.5 credits from the account (alice 60, bob 40.5, ` +
        `counting the resources checked so far) but only 100 are free: lower the quotas, transfer credits to ` +
        `${SN}, or buy credits`,
    );
  });

  it("counts what the plan transfers in, up to the exact sum, and says so", () => {
    expect(creditShortfall(SN, 100, taken(["alice", 130]), 30)).toBeUndefined();
    expect(creditShortfall(SN, 100, taken(["alice", 131]), 30)).toContain(
      "take at least 131 credits from the account (alice 131, counting the resources checked so far) but only " +
        "130 (100 free, 30 transferred in by this plan) are free",
    );
  });

  it("names transfers when the plan's transfers are part of what is taken", () => {
    const message = creditShortfall(SN, 100, taken(["alice", 60], ["transfer to sms-xx11111-2", 50]));
    expect(message).toMatch(/^the quotas and transfers this plan sets on /);
    expect(message).toContain("lower the quotas and transfers,");
  });
});

describe("planCredits", () => {
  it("lists the plan's resources by name whatever order they were checked in, each once, none taking 0", async () => {
    const config: Record<string, string> = {
      "ovh:endpoint": "https://127.0.0.1:9/1.0",
      "ovh:applicationKey": "appKey0000000001",
      "ovh:applicationSecret": "appSecret0000000000000000000001",
      "ovh:consumerKey": "consumerKey000000000000000000001",
    };
    startNewOperation();
    await configure({ config: { get: (key) => config[key] } });
    planCredits(SN, "zed", () => 10);
    planCredits(SN, "bob", () => 0);
    planCredits(SN, "amy", () => 20);
    // A replacement is checked twice: it keeps its first figure.
    expect(planCredits(SN, "zed", () => 99)).toEqual({
      total: 30,
      parts: [
        ["amy", 20],
        ["zed", 10],
      ],
    });
    startNewOperation();
  });
});
