import { describe, expect, it } from "vitest";
import { getCurrentCredential, rulesAllow } from "../../sdk";
import { useEmulator } from "./helpers";

const f = useEmulator();

describe("the consumer key's own rules", () => {
  it("are read from GET /auth/currentCredential", async () => {
    const credential = await getCurrentCredential(f.client);
    expect(credential.status).toBe("validated");
    expect(credential.rules.length).toBeGreaterThan(0);
  });

  it("are matched as OVH matches them: method exactly, * over any characters, no query", () => {
    const rules = [
      { method: "GET" as const, path: "/sms/*" },
      { method: "PUT" as const, path: "/sms/sms-ab12345-1/users/*" },
    ];
    expect(rulesAllow(rules, "GET", "/sms/sms-ab12345-1/users/alice")).toBe(true);
    expect(rulesAllow(rules, "GET", "/sms")).toBe(false);
    expect(rulesAllow(rules, "POST", "/sms/sms-ab12345-1/users")).toBe(false);
    expect(rulesAllow(rules, "PUT", "/sms/sms-ab12345-1/users/alice?x=1")).toBe(true);
    expect(rulesAllow(rules, "PUT", "/sms/sms-ab12345-2/users/alice")).toBe(false);
    expect(rulesAllow([{ method: "GET", path: "/sms/a.b" }], "GET", "/sms/aXb")).toBe(false); // "." is literal
  });
});
