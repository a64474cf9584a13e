import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { path, withQuery } from "../../sdk/paths";

describe("path", () => {
  it("percent-encodes every interpolated value", () => {
    expect(path`/sms/${"sms-ab12345-1"}/senders/${"BAH BOUH"}`).toBe("/sms/sms-ab12345-1/senders/BAH%20BOUH");
    expect(path`/sms/${"a/b?c#d"}/users/${"é"}`).toBe("/sms/a%2Fb%3Fc%23d/users/%C3%A9");
    expect(path`/sms/x/receivers/${3}`).toBe("/sms/x/receivers/3");
  });

  it("rejects empty, dot and dot-dot segments, which would address another object", () => {
    expect(() => path`/sms/${""}/users`).toThrow(/empty value is not allowed/);
    expect(() => path`/sms/x/users/${"."}`).toThrow(/"\." is not allowed/);
    expect(() => path`/sms/x/users/${".."}`).toThrow(/"\.\." is not allowed/);
  });

  it("rejects non-integer numbers and non-string values", () => {
    expect(() => path`/sms/x/receivers/${1.5}`).toThrow(/not an integer/);
    expect(() => path`/sms/x/receivers/${Number.NaN}`).toThrow(/not an integer/);
    expect(() => path`/sms/${{} as unknown as string}`).toThrow(
      /expected a string or an integer, got object/,
    );
  });

  it("keeps any allowed value inside one segment and decodes back to it", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: "grapheme" }).filter((s) => s !== "." && s !== ".."),
        (value) => {
          const built = path`/sms/${value}/users`;
          const segments = built.split("/");
          expect(segments).toHaveLength(4);
          expect(decodeURIComponent(segments[2] ?? "")).toBe(value);
        },
      ),
    );
  });
});

describe("withQuery", () => {
  it("appends encoded parameters and skips undefined ones", () => {
    expect(withQuery("/sms/ptts", { ptt: 1 })).toBe("/sms/ptts?ptt=1");
    expect(withQuery("/x", { a: "b c", d: undefined, e: true })).toBe("/x?a=b+c&e=true");
    expect(withQuery("/x", {})).toBe("/x");
  });
});
