/**
 * The provider text that the engine stores in the state (twice per resource), serialized from the
 * built package exactly as a program does it. Needs no engine, but needs dist/ (built by the e2e setup).
 */
import { describe, expect, it } from "vitest";
import { nodeRequire } from "./harness";

const pulumi = nodeRequire("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
const { smsUserProvider } = nodeRequire("pulumi-ovh-sms/runtime")
  .smsUser as typeof import("../../provider/smsUser");

describe("the serialized SmsUser provider", () => {
  it("is a small shim that captures nothing and delegates to the installed runtime", async () => {
    const serialized = await pulumi.runtime.serializeFunction(() => smsUserProvider, { allowSecrets: true });
    expect(serialized.containsSecrets).toBe(false);
    // ~230 bytes per method is the serializer's own wrapper; 7 methods is the floor of a full provider.
    expect(serialized.text.length).toBeLessThanOrEqual(2100);
    expect(serialized.text).not.toMatch(/__vite|require\("[^"]*\.js"\)|https?:\/\//);
    const requires = [...serialized.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(["pulumi-ovh-sms/runtime"]));

    const module = { exports: {} as { handler?: () => Record<string, unknown> } };
    new Function("exports", "require", "module", serialized.text)(module.exports, nodeRequire, module);
    const provider = module.exports.handler?.();
    expect(Object.keys(provider ?? {}).sort()).toEqual(
      ["check", "configure", "create", "delete", "diff", "read", "update"].sort(),
    );
  });
});
