import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/inputs";
import { check } from "../../provider/smsUser";

const valid = {
  serviceName: "sms-ab12345-1",
  login: "alice",
  password: "Abcd1234",
  callbackUrl: "https://hooks.example.com/dlr",
  ipRestrictions: ["203.0.113.10", "198.51.100.1"],
  quota: { credits: 100 },
  alert: { threshold: 5, via: "both", email: "ops@example.com", phoneNumber: "+33612345678" },
  __provider: "shim",
};

async function failures(news: Record<string, unknown>) {
  return (await check({}, news)).failures;
}

describe("SmsUser check", () => {
  it("accepts valid inputs, keeps __provider and sorts IP restrictions", async () => {
    const result = await check({}, valid);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      ipRestrictions: ["198.51.100.1", "203.0.113.10"],
      __provider: "shim",
    });
  });

  it.each([
    [{ password: "short" }, "password", "exactly 8 letters or digits"],
    [{ password: "abcd_123" }, "password", "exactly 8 letters or digits"],
    [{ login: "a".repeat(41) }, "login", "1 to 40"],
    [{ login: "bad login" }, "login", "1 to 40"],
    [{ serviceName: "ab12345" }, "serviceName", "sms-ab12345-1"],
    [{ ipRestrictions: ["1.2.3.4", "300.1.1.1"] }, "ipRestrictions[1]", "IPv4"],
    [
      { ipRestrictions: ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5", "1.1.1.6"] },
      "ipRestrictions",
      "at most 5",
    ],
    [{ ipRestrictions: ["1.1.1.1", "1.1.1.1"] }, "ipRestrictions", "twice"],
    [{ callbackUrl: "ftp://example.com" }, "callbackUrl", "http"],
    [{ quota: { credits: -1 } }, "quota.credits", "0 or more"],
    [{ quota: { credits: 1.5 } }, "quota.credits", "whole number"],
    [{ alert: { threshold: 0, via: "email", email: "a@example.com" } }, "alert.threshold", "at least 1"],
    [{ alert: { threshold: 3, via: "sms" } }, "alert.phoneNumber", "required"],
    [{ alert: { threshold: 3, via: "email", email: "nope" } }, "alert.email", "e-mail"],
    [{ alert: { threshold: 3, via: "sms", phoneNumber: "0612345678" } }, "alert.phoneNumber", "E.164"],
    [
      { alert: { threshold: 3, via: "sms", phoneNumber: "+33612345678", email: "a@example.com" } },
      "alert.email",
      "only used when via is",
    ],
    [
      { alert: { threshold: 3, via: "email", email: "a@example.com", phoneNumber: "+33612345678" } },
      "alert.phoneNumber",
      "only used",
    ],
    [{ colour: "blue" }, "(inputs)", "colour"],
  ])("rejects %j naming %s", async (change, property, reason) => {
    const result = await failures({ ...valid, ...change });
    expect(result).toHaveLength(1);
    expect(result[0]?.property).toBe(property);
    expect(result[0]?.reason).toContain(reason);
  });

  it("never echoes the password in a failure", async () => {
    const result = await failures({ ...valid, password: "S3cret!!" });
    expect(JSON.stringify(result)).not.toContain("S3cret!!");
  });

  it("tolerates values unknown during preview but still checks the known ones", async () => {
    expect(await failures({ ...valid, password: UNKNOWN, ipRestrictions: [UNKNOWN, "1.2.3.4"] })).toEqual([]);
    expect(await failures({ ...valid, login: UNKNOWN, quota: { credits: -4 } })).toEqual([
      { property: "quota.credits", reason: "must be 0 or more" },
    ]);
  });
});
