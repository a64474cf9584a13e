/**
 * The provider text that the engine stores in the state (twice per resource), serialized from the
 * built package exactly as a program in this repository does it: here the package is not under
 * node_modules, so the provider object is serialized by value (installed from npm it is one `require`
 * line: test/e2e/packed.test.ts). This by-value text is also what version 0.1.0 stored for every user, so
 * it must keep loading the runtime. Needs no engine, but needs dist/ (built by the e2e setup).
 */
import { describe, expect, it } from "vitest";
import { nodeRequire } from "./harness";

const pulumi = nodeRequire("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
const smsUserProvider = nodeRequire("pulumi-ovh-sms/providers/smsUser") as object;

describe("the serialized SmsUser provider", () => {
  it("is a small shim that captures nothing and delegates to the installed runtime", async () => {
    const serialized = await pulumi.runtime.serializeFunction(() => smsUserProvider, { allowSecrets: true });
    expect(serialized.containsSecrets).toBe(false);
    // ~230 bytes per method is the serializer's own wrapper; 7 methods is the floor of a full provider
    // serialized by value (installed from npm it is one line: packed.test.ts).
    expect(serialized.text.length).toBeLessThanOrEqual(2300);
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
