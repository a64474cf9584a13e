import type * as https from "node:https";
import type { OvhAccessToken, OvhInstance } from "@ovhcloud/node-ovh";
import type { ResolvedAuth } from "./config";
import type { ResolvedEndpoint } from "./endpoints";
import { OvhApiError, OvhConnectionError, redactSecrets } from "./errors";
import { settings } from "./hints";

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
    pending ??= requestToken(client, tokenUrl, deps.timeoutMs, deps.tokenAgent, [auth.clientSecret])
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

/** Boom error as thrown by simple-oauth2's HTTP layer (@hapi/wreck). */
interface BoomLike {
  isBoom?: boolean;
  output?: { statusCode?: number };
  data?: {
    isResponseError?: boolean;
    payload?: unknown;
    res?: { statusCode?: number; headers?: Record<string, unknown> };
  };
  message?: string;
}

async function requestToken(
  client: OvhInstance,
  tokenUrl: string,
  timeoutMs: number,
  agent: https.Agent | undefined,
  secrets: string[],
): Promise<OvhAccessToken> {
  if (!client.oauthClient) throw new Error("node-ovh did not create an OAuth2 client");
  const path = new URL(tokenUrl).pathname;
  try {
    return await client.oauthClient.getToken(
      { scope: "all" },
      agent ? { timeout: timeoutMs, agent } : { timeout: timeoutMs },
    );
  } catch (raw) {
    // The raw error holds the request (with the Basic credentials): never attach it as a cause.
    const err = raw as BoomLike;
    if (err.data?.isResponseError) {
      const payload = decodePayload(err.data.payload);
      const status = err.data.res?.statusCode ?? err.output?.statusCode ?? 0;
      const queryId = err.data.res?.headers?.["x-ovh-queryid"];
      const description = str(payload.error_description) ?? str(payload.message) ?? `HTTP ${status}`;
      throw new OvhApiError({
        status,
        errorClass: str(payload.class) ?? str(payload.error),
        errorCode: str(payload.errorCode),
        ovhMessage: redactSecrets(description, secrets),
        queryId: typeof queryId === "string" ? queryId : undefined,
        method: "POST",
        path,
        hint: `The OAuth2 token request was refused: check ${settings("clientId")} and ${settings("clientSecret")}.`,
      });
    }
    const timedOut = err.output?.statusCode === 504;
    // Wreck puts the socket error's text in its message ("Client request error: connect ECONNREFUSED …").
    const reason = (err.message ?? "").replace(/^Client request error: /, "") || "connection error";
    throw new OvhConnectionError({
      method: "POST",
      path,
      mayHaveBeenApplied: false,
      timedOut,
      code: timedOut ? "ETIMEDOUT" : /\b(E[A-Z]+)\b/.exec(reason)?.[1],
      detail: `OAuth2 token request to ${new URL(tokenUrl).origin} failed (${
        timedOut ? `no response within ${timeoutMs} ms` : reason
      })`,
    });
  }
}

function decodePayload(payload: unknown): Record<string, unknown> {
  let value = payload;
  if (Buffer.isBuffer(value)) value = value.toString("utf8");
  if (typeof value === "string") {
    const text = value;
    try {
      value = JSON.parse(text);
    } catch {
      return { message: text.slice(0, 200) };
    }
  }
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
