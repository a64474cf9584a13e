import { randomBytes } from "node:crypto";
import { z } from "zod";
import { badRequest, notFound } from "../errors";
import type { AccessRule } from "../types";
import { isoSeconds, type Application, type ConsumerKey, type State } from "./model";
import { asObject, parseBody } from "./validate";

// Consumer keys (POST /auth/credential + validation) and OAuth2 access tokens (client credentials).

export const TOKEN_LIFETIME_SECONDS = 3599;
const METHODS = ["GET", "POST", "PUT", "DELETE"] as const;

const ruleSchema = z.strictObject({
  method: z.enum(METHODS),
  path: z.string().regex(/^\//, "must start with /"),
});
export const rulesSchema = z.array(ruleSchema);

const credentialBody = z.strictObject({
  accessRules: z.array(ruleSchema).min(1),
  redirection: z.string().nullable().optional(),
  allowedIPs: z.array(z.string()).nullable().optional(),
});

export function createCredential(state: State, app: Application, body: unknown, now: number): ConsumerKey {
  const spec = parseBody(credentialBody, asObject(body, "auth/credential"), "auth/credential");
  const ck: ConsumerKey = {
    consumerKey: randomBytes(16).toString("hex"),
    applicationKey: app.applicationKey,
    credentialId: ++state.counters.credential,
    state: "pendingValidation",
    rules: spec.accessRules.map((r) => ({ method: r.method, path: r.path })),
    creation: isoSeconds(now),
    expiration: null,
  };
  state.consumerKeys.set(ck.consumerKey, ck);
  return ck;
}

/** What the user does on OVH's validation page: the key becomes usable for its application's account. */
export function validateCredential(state: State, consumerKey: string): void {
  const ck = state.consumerKeys.get(consumerKey);
  if (!ck) throw notFound(`The consumer key ${consumerKey} does not exist`);
  if (ck.state !== "pendingValidation") {
    throw badRequest(
      `The consumer key ${consumerKey} is ${ck.state}, only pendingValidation keys can be validated`,
    );
  }
  ck.state = "validated";
}

export function currentCredentialView(ck: ConsumerKey, app: Application): Record<string, unknown> {
  return {
    allowedIPs: null,
    applicationId: app.applicationId,
    creation: ck.creation,
    credentialId: ck.credentialId,
    expiration: ck.expiration,
    lastUse: null,
    ovhSupport: false,
    rules: ck.rules.map((r) => ({ ...r })),
    status: ck.state,
  };
}

/** True when the key can be used now: validated and not past its expiration date. */
export function credentialUsable(ck: ConsumerKey, now: number): boolean {
  return ck.state === "validated" && (ck.expiration === null || Date.parse(ck.expiration) > now);
}

export function issueToken(state: State, clientId: string, now: number): string {
  const token = randomBytes(32).toString("base64url");
  state.accessTokens.set(token, { token, clientId, expiresAt: now + TOKEN_LIFETIME_SECONDS * 1000 });
  return token;
}

export function expireTokens(state: State, now: number): void {
  for (const t of state.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
}

/** `*` matches any run of characters, slashes included: `/sms/*` covers `/sms/x/users` but not `/sms`. */
export function ruleMatches(rule: AccessRule, method: string, path: string): boolean {
  if (rule.method !== method) return false;
  return globToRegExp(rule.path).test(path);
}

const globCache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${body}$`);
    if (globCache.size > 1000) globCache.clear();
    globCache.set(glob, re);
  }
  return re;
}
