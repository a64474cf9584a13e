import type * as https from "node:https";
import type { OvhAccessToken, OvhInstance } from "@ovhcloud/node-ovh";
import type { ResolvedAuth } from "./config";
import type { ResolvedEndpoint } from "./endpoints";
import type { RetryOptions } from "./retry";
import { requestToken } from "./token";

/**
 * node-ovh is loaded when the first client is created, not when the SDK is imported: it brings
 * bluebird, whose presence makes the Pulumi program host spend ~15 s reporting any program error,
 * and a Pulumi program only needs the resource classes, not a client.
 */
function ovh(params: Record<string, unknown>): OvhInstance {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const create = require("@ovhcloud/node-ovh") as typeof import("@ovhcloud/node-ovh");
  return create(params);
}

/**
 * Produces the authentication headers of a request. Signing and OAuth2 token handling are
 * delegated to a node-ovh instance so that the SDK signs exactly as the official client does.
 */
export interface Authenticator {
  readonly mode: "signature" | "oauth2";
  /**
   * Fetches what signing needs (server time delta, or an access token). Called before waiting
   * for a concurrency slot, because GET /auth/time itself needs one.
   */
  prepare(): Promise<void>;
  /** `signedUrl` is the absolute URL with the query string as sent; `body` the exact bytes sent. */
  headers(method: string, signedUrl: string, body: string): Promise<Record<string, string>>;
  /** Called on a 401: forget the cached token. Returns true when a new attempt may succeed. */
  invalidate(): boolean;
  /** Values that must never appear in a message. */
  secrets(): string[];
}

export interface AuthenticatorDeps {
  endpoint: ResolvedEndpoint;
  auth: ResolvedAuth;
  /** GET /auth/time through the client's transport (unsigned); resolves to OVH's unix time. */
  fetchServerTime: () => Promise<number>;
  now?: () => number;
  timeoutMs: number;
  /** Agent for OAuth2 token requests, so an explicit `ca` applies to them too. */
  tokenAgent?: https.Agent;
  /** The client's retry policy, also applied to OAuth2 token requests. */
  retry: RetryOptions;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  return deps.auth.kind === "signature"
    ? signatureAuthenticator(deps, deps.auth)
    : oauth2Authenticator(deps, deps.auth);
}

function signatureAuthenticator(
  deps: AuthenticatorDeps,
  auth: Extract<ResolvedAuth, { kind: "signature" }>,
): Authenticator {
  const now = deps.now ?? Date.now;
  const client: OvhInstance = ovh({
    appKey: auth.applicationKey,
    appSecret: auth.applicationSecret,
    consumerKey: auth.consumerKey,
  });
  // Fetched once per client, like every official SDK; shared by concurrent first calls.
  let delta: Promise<number> | undefined;
  const timeDelta = (): Promise<number> => {
    delta ??= deps.fetchServerTime().then(
      (serverTime) => serverTime - Math.round(now() / 1000),
      (err: unknown) => {
        delta = undefined; // let a later call try again
        throw err;
      },
    );
    return delta;
  };
  return {
    mode: "signature",
    prepare: async () => {
      await timeDelta();
    },
    async headers(method, signedUrl, body) {
      const timestamp = String(Math.round(now() / 1000) + (await timeDelta()));
      return {
        "X-Ovh-Application": auth.applicationKey,
        "X-Ovh-Consumer": auth.consumerKey,
        "X-Ovh-Timestamp": timestamp,
        "X-Ovh-Signature": client.signRequest(method, signedUrl, body, timestamp),
      };
    },
    invalidate: () => false,
    secrets: () => [auth.applicationSecret, auth.consumerKey],
  };
}

function oauth2Authenticator(
  deps: AuthenticatorDeps,
  auth: Extract<ResolvedAuth, { kind: "oauth2" }>,
): Authenticator {
  const { endpoint } = deps;
  const tokenUrl = endpoint.tokenUrl ?? "";
  // node-ovh builds the token URL as <tokenURL>oauth2/token; give it the part before that.
  const params: Record<string, unknown> = { clientID: auth.clientId, clientSecret: auth.clientSecret };
  if (endpoint.name) params.endpoint = endpoint.name;
  else params.tokenURL = tokenUrl.replace(/oauth2\/token$/, "");
  const client = ovh(params);
  let current: OvhAccessToken | undefined;
  let pending: Promise<OvhAccessToken> | undefined;
  const issued: string[] = []; // recent tokens, kept only to redact them from messages

  // One token request at a time; refreshed a little before expiry, as node-ovh does, so a token
  // does not lapse while a request is in flight.
  const getToken = (): Promise<OvhAccessToken> => {
    if (current && !current.expired(10)) return Promise.resolve(current);
    pending ??= requestToken({
      client,
      tokenUrl,
      timeoutMs: deps.timeoutMs,
      agent: deps.tokenAgent,
      secrets: [auth.clientSecret],
      retry: deps.retry,
      now: deps.now,
      sleep: deps.sleep,
      random: deps.random,
    })
      .then((t) => {
        issued.push(t.token.access_token);
        if (issued.length > 4) issued.shift();
        return (current = t);
      })
      .finally(() => (pending = undefined));
    return pending;
  };

  return {
    mode: "oauth2",
    prepare: async () => {
      await getToken();
    },
    async headers() {
      const t = await getToken();
      return { Authorization: `Bearer ${t.token.access_token}` };
    },
    invalidate() {
      current = undefined;
      return true;
    },
    secrets: () => [auth.clientSecret, ...issued],
  };
}
