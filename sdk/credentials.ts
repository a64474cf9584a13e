import type { OvhClient } from "./client";
import { CurrentCredentialSchema, type AccessRule, type CurrentCredential } from "./models/credential";

/** `GET /auth/currentCredential`: the consumer key in use, with its access rules (signature auth only). */
export function getCurrentCredential(c: OvhClient): Promise<CurrentCredential> {
  return c.call({
    method: "GET",
    path: "/auth/currentCredential",
    response: CurrentCredentialSchema,
    model: "api.Credential",
  });
}

/** Whether access rules allow a call, as OVH matches them (`*` = any run of characters, path only). */
export function rulesAllow(rules: readonly AccessRule[], method: string, apiPath: string): boolean {
  const path = apiPath.split("?")[0] ?? apiPath;
  return rules.some((rule) => rule.method === method && pattern(rule.path).test(path));
}

function pattern(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}
