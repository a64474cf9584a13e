import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Core } from "./core";
import { forbidden, OvhError, unauthorized } from "./errors";
import type { Route } from "./router";
import { credentialUsable, ruleMatches } from "./state/credentials";
import type { AccessRule } from "./types";

// OVH authentication: application key + consumer key + signature, or an OAuth2 bearer token.
// Order of checks (strictest plausible; the real order is not documented): application key, headers present,
// timestamp window, consumer key known for this application, signature, consumer key state, access rules.

export type Caller =
  | { kind: "signature"; nic: string; applicationKey: string; consumerKey: string }
  | { kind: "oauth2"; nic: string; clientId: string };

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (req.url). */
  rawUrl: string;
  /** Path relative to /1.0, without the query: what access rules match. */
  apiPath: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function authenticate(core: Core, req: SignedRequest, route: Route): Caller {
  const authorization = header(req.headers, "authorization");
  if (authorization !== undefined && /^bearer /i.test(authorization)) {
    return bearer(core, authorization.slice(7).trim(), req, route);
  }
  const applicationKey = header(req.headers, "x-ovh-application");
  if (!applicationKey) throw unauthorized("You must login first", "NOT_AUTHENTICATED");
  const app = core.state.applications.get(applicationKey);
  if (!app) throw forbidden("This application key is invalid", "INVALID_KEY");
  const consumerKey = header(req.headers, "x-ovh-consumer");
  const timestamp = header(req.headers, "x-ovh-timestamp");
  const signature = header(req.headers, "x-ovh-signature");
  if (!consumerKey || !timestamp || !signature)
    throw unauthorized("You must login first", "NOT_AUTHENTICATED");
  checkTimestamp(core, timestamp);
  const ck = core.state.consumerKeys.get(consumerKey);
  if (!ck || ck.applicationKey !== applicationKey) {
    throw forbidden("This credential does not exist", "NOT_CREDENTIAL");
  }
  if (!signatureMatches(core, req, app.applicationSecret, consumerKey, timestamp, signature)) {
    throw new OvhError(400, "Client::BadRequest", "Invalid signature", "INVALID_SIGNATURE");
  }
  if (!credentialUsable(ck, core.clock.now()))
    throw forbidden("This credential is not valid", "INVALID_CREDENTIAL");
  if (!granted(ck.rules, req)) throw forbidden("This call has not been granted", "NOT_GRANTED_CALL");
  return { kind: "signature", nic: app.nic, applicationKey, consumerKey };
}

function bearer(core: Core, token: string, req: SignedRequest, route: Route): Caller {
  const stored = core.state.accessTokens.get(token);
  const client = stored && core.state.oauth2Clients.get(stored.clientId);
  if (!stored || !client) throw unauthorized("Invalid access token: request a new one", "INVALID_TOKEN");
  if (stored.expiresAt <= core.clock.now()) {
    throw unauthorized("The access token has expired: request a new one", "EXPIRED_TOKEN");
  }
  if (!granted(client.rules, req)) {
    throw forbidden("User not granted for this request", "FORBIDDEN", {
      unauthorizedActionsByIAM: route.iam,
    });
  }
  return { kind: "oauth2", nic: client.nic, clientId: client.clientId };
}

function checkTimestamp(core: Core, raw: string): void {
  // Message and code recalled from OVH answers ("Query out of time"), not confirmed by a stored capture.
  const outOfTime = (): OvhError =>
    new OvhError(400, "Client::BadRequest", "Query out of time", "QUERY_TIME_OUT");
  if (!/^\d+$/.test(raw)) throw outOfTime();
  const skew = Math.abs(Number(raw) - Math.floor(core.clock.now() / 1000));
  if (skew > core.timestampWindowSeconds) throw outOfTime();
}

/**
 * The URL is accepted in both forms seen in the wild: node-ovh signs https://host/path (no port), go-ovh the
 * full target URL with the port.
 */
function signatureMatches(
  core: Core,
  req: SignedRequest,
  secret: string,
  consumerKey: string,
  timestamp: string,
  given: string,
): boolean {
  const hostHeader = header(req.headers, "host") ?? `${core.host}:${core.port}`;
  const hostOnly = hostHeader.replace(/:\d+$/, "");
  const candidates = hostOnly === hostHeader ? [hostHeader] : [hostOnly, hostHeader];
  const givenBuf = Buffer.from(given);
  return candidates.some((host) => {
    const hash = createHash("sha1");
    hash.update(`${secret}+${consumerKey}+${req.method}+https://${host}${req.rawUrl}+`);
    hash.update(req.body);
    hash.update(`+${timestamp}`);
    const expected = Buffer.from(`$1$${hash.digest("hex")}`);
    return expected.length === givenBuf.length && timingSafeEqual(expected, givenBuf);
  });
}

function granted(rules: AccessRule[], req: SignedRequest): boolean {
  return rules.some((rule) => ruleMatches(rule, req.method, req.apiPath));
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Recorded in the request log: which kind of authentication the request attempted. */
export function attemptedAuth(headers: IncomingHttpHeaders): "signature" | "oauth2" | "none" {
  const authorization = header(headers, "authorization");
  if (authorization !== undefined && /^bearer /i.test(authorization)) return "oauth2";
  return header(headers, "x-ovh-signature") ? "signature" : "none";
}
