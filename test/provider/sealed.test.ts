import { describe, expect, it } from "vitest";
import { isSealed, open, openFields, seal, sealFields } from "../../provider/sealed";

describe("sealed secrets", () => {
  it("round-trips strings and nested values, and hides them", () => {
    const inputs = { password: "Abcd1234", alert: { email: "ops@example.com" }, login: "alice" };
    const sealed = sealFields(inputs, ["password", "alert"]);
    expect(JSON.stringify(sealed)).not.toMatch(/Abcd1234|ops@example\.com/);
    expect(sealed.login).toBe("alice");
    expect(isSealed(sealed.password)).toBe(true);
    expect(openFields(sealed, "SmsUser input")).toEqual(inputs);
    expect(seal("x")).not.toBe(seal("x")); // a fresh nonce each time
  });

  it("refuses a value it cannot open, naming it, and leaves plain values alone", () => {
    const tampered = seal("Abcd1234").slice(0, -4) + "AAAA";
    expect(() => open(tampered, "SmsUser input password")).toThrow(
      /^SmsUser input password was sealed by another provider process and cannot be read here/,
    );
    expect(open("plain", "x")).toBe("plain");
    expect(openFields({ a: 1, b: null }, "x")).toEqual({ a: 1, b: null });
  });
});
