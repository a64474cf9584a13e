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
  it.each([
    [{ password: "short" }, "", "password must be exactly 8 letters or digits"],
    [{ password: "abcd_123" }, "", "password must be exactly 8 letters or digits"],
    [{ password: "Abcd12345" }, "", "password must be exactly 8 letters or digits"],
    [{ password: undefined }, "", "password is required"],
    [{ password: null }, "", "password is required"],
    [{ password: 12345678 }, "", "password must be a string (got a number)"],
    [{ login: "a".repeat(41) }, "login", "login must be 1 to 40"],
    [{ login: "bad login" }, "login", "login must be 1 to 40"],
    [{ login: "." }, "login", 'login cannot be "." or ".."'],
    [{ login: ".." }, "login", 'login cannot be "." or ".."'],
    [{ serviceName: "ab12345" }, "serviceName", "serviceName must be an SMS service name like sms-ab12345-1"],
    [{ serviceName: undefined }, "serviceName", "serviceName is required"],
    [{ ipRestrictions: ["1.2.3.4", "300.1.1.1"] }, "ipRestrictions", "ipRestrictions[1] must be an IPv4"],
    [
      { ipRestrictions: ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5", "1.1.1.6"] },
      "ipRestrictions",
      "ipRestrictions accepts at most 5",
    ],
    [{ ipRestrictions: "203.0.113.10" }, "ipRestrictions", "ipRestrictions must be a list (got a string)"],
    [
      { ipRestrictions: ["1.1.1.1", "1.1.1.1"] },
      "ipRestrictions",
      "ipRestrictions must not list an address twice",
    ],
    [{ callbackUrl: "ftp://example.com" }, "callbackUrl", "callbackUrl must be an http:// or https:// URL"],
    [{ quota: { credits: -1 } }, "quota", "quota.credits must be 0 or more"],
    [{ quota: { credits: 1.5 } }, "quota", "quota.credits must be a whole number"],
    [{ quota: { credits: "3" } }, "quota", "quota.credits must be a number (got a string)"],
    [
      { quota: { credits: 5, topUp: 5 } },
      "quota",
      'quota.topUp must be true (refill on every up), false, or a label such as "2026-11"',
    ],
    [
      { alert: { threshold: 0, via: "email", email: "a@example.com" } },
      "alert",
      "alert.threshold must be at least 1",
    ],
    [
      { alert: { threshold: 3, via: "mail", email: "a@example.com" } },
      "alert",
      'alert.via must be one of "email", "sms", "both"',
    ],
    [{ alert: { threshold: 3, via: "sms" } }, "alert", 'alert.phoneNumber is required when via is "sms"'],
    [{ alert: { threshold: 3, via: "email", email: "nope" } }, "alert", "alert.email must be an e-mail"],
    [
      { alert: { threshold: 3, via: "sms", phoneNumber: "0612345678" } },
      "alert",
      "alert.phoneNumber must be a phone number in international E.164",
    ],
    [
      { alert: { threshold: 3, via: "sms", phoneNumber: "+33612345678", email: "a@example.com" } },
      "alert",
      "alert.email is only used when via is",
    ],
    [
      { alert: { threshold: 3, via: "email", email: "a@example.com", phoneNumber: "+33612345678" } },
      "alert",
      "alert.phoneNumber is only used",
    ],
    [
      { colour: "blue" },
      "colour",
      "colour is not an input of SmsUser (inputs: serviceName, login, password, callbackUrl, stopCallbackUrl, ipRestrictions, quota, alert, adopt)",
    ],
    [
      { ipRestriction: ["1.2.3.4"] },
      "ipRestriction",
      "ipRestriction is not an input of SmsUser (did you mean ipRestrictions?)",
    ],
    [
      { quota: { credits: 5, topup: true } },
      "quota",
      "quota.topup is not an input of SmsUser (did you mean quota.topUp?)",
    ],
  ])("rejects %j on property %j: %s", async (change, property, reason) => {
    const result = await failures({ ...valid, ...change });
    expect(result).toHaveLength(1);
    expect(result[0]?.property).toBe(property);
    expect(result[0]?.reason.startsWith(reason)).toBe(true);
  });

  it("never names the password property, so the engine never prints its value", async () => {
    const result = await failures({ ...valid, password: "S3cret!!" });
    expect(result).toEqual([{ property: "", reason: "password must be exactly 8 letters or digits" }]);
  });

  it("reports every failing field at once", async () => {
    const result = await failures({
      ...valid,
      login: "",
      ipRestrictions: ["x"],
      alert: { threshold: 0, via: "sms" },
    });
    expect(result.map((f) => f.reason.split(" ")[0])).toEqual([
      "login",
      "ipRestrictions[0]",
      "alert.threshold",
      "alert.phoneNumber",
    ]);
  });

  it("tolerates values unknown during preview but still checks the known ones", async () => {
    expect(
      await failures({
        ...valid,
        serviceName: UNKNOWN,
        password: UNKNOWN,
        ipRestrictions: [UNKNOWN, "1.2.3.4"],
      }),
    ).toEqual([]);
    expect(await failures({ ...valid, login: UNKNOWN, quota: { credits: -4 } })).toEqual([
      { property: "quota", reason: "quota.credits must be 0 or more" },
    ]);
  });
});
