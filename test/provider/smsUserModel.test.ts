import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { User } from "../../sdk";
import { userChanges, type SmsUserInputs, type SmsUserOutputs } from "../../provider/smsUserModel";

const desired: SmsUserInputs = {
  serviceName: "sms-ab12345-1",
  login: "alice",
  password: "Abcd1234",
  callbackUrl: "https://hooks.example.com/dlr",
  ipRestrictions: ["198.51.100.1", "203.0.113.10"],
  quota: { credits: 100 },
  alert: { threshold: 5, via: "email", email: "ops@example.com" },
};

const inSync: User = {
  login: "alice",
  password: "Abcd1234",
  callBack: "https://hooks.example.com/dlr",
  stopCallBack: null,
  ipRestrictions: ["203.0.113.10", "198.51.100.1"],
  quotaInformations: { quotaLeft: 100, quotaStatus: "active" },
  alertThresholdInformations: {
    alertThreshold: 5,
    support: "mail",
    alertEmail: "ops@example.com",
    alertNumber: "",
  },
};

const previous = { quota: { credits: 100 } } as SmsUserOutputs;

describe("userChanges", () => {
  it("is empty when the live user matches, whatever the order of IP restrictions", () => {
    expect(userChanges(desired, inSync, previous)).toEqual({});
  });

  it("does not treat quota consumption as drift", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (left) => {
        const live = { ...inSync, quotaInformations: { quotaLeft: left, quotaStatus: "active" as const } };
        expect(userChanges(desired, live, previous)).toEqual({});
      }),
    );
  });

  it("re-applies the quota when its configured credits change, when raised out of band, or on top-up", () => {
    const spent = { ...inSync, quotaInformations: { quotaLeft: 40, quotaStatus: "active" as const } };
    const refill = { quotaInformations: { quotaLeft: 100, quotaStatus: "active" } };
    expect(userChanges(desired, spent, { quota: { credits: 80 } } as SmsUserOutputs)).toEqual(refill);
    const raised = { ...inSync, quotaInformations: { quotaLeft: 150, quotaStatus: "active" as const } };
    expect(userChanges(desired, raised, previous)).toEqual(refill);
    expect(userChanges({ ...desired, quota: { credits: 100, topUp: true } }, spent, previous)).toEqual(
      refill,
    );
    const monthly = { ...desired, quota: { credits: 100, topUp: "2026-12" } };
    expect(
      userChanges(monthly, spent, { quota: { credits: 100, topUp: "2026-11" } } as SmsUserOutputs),
    ).toEqual(refill);
    expect(
      userChanges(monthly, spent, { quota: { credits: 100, topUp: "2026-12" } } as SmsUserOutputs),
    ).toEqual({});
  });

  it("turns a quota off when the program has none", () => {
    expect(userChanges({ ...desired, quota: undefined }, inSync, previous)).toEqual({
      quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
    });
  });

  it("sends only the fields that drifted", () => {
    const drifted: User = { ...inSync, callBack: "https://evil.example.net", ipRestrictions: ["192.0.2.1"] };
    expect(userChanges(desired, drifted, previous)).toEqual({
      callBack: "https://hooks.example.com/dlr",
      ipRestrictions: ["198.51.100.1", "203.0.113.10"],
    });
  });

  it("maps the alert to OVH's threshold object and disables it with -1", () => {
    const both = {
      ...desired,
      alert: { threshold: 9, via: "both" as const, email: "a@example.com", phoneNumber: "+33612345678" },
    };
    expect(userChanges(both, inSync, previous)).toEqual({
      alertThresholdInformations: {
        alertThreshold: 9,
        support: "both",
        alertEmail: "a@example.com",
        alertNumber: "+33612345678",
      },
    });
    expect(userChanges({ ...desired, alert: null }, inSync, previous)).toEqual({
      alertThresholdInformations: {
        alertThreshold: -1,
        support: "mail",
        alertEmail: "ops@example.com",
        alertNumber: "",
      },
    });
  });

  it("repairs a password changed out of band", () => {
    expect(userChanges(desired, { ...inSync, password: "Other123" }, previous)).toEqual({
      password: "Abcd1234",
    });
  });
});
