import { timingSafeEqual } from "node:crypto";
import { header } from "../auth";
import { badRequest, forbidden, OvhError, unauthorized } from "../errors";
import type { RequestContext, Route } from "../router";
import {
  createCredential,
  currentCredentialView,
  issueToken,
  TOKEN_LIFETIME_SECONDS,
} from "../state/credentials";

// /auth/*: server time, consumer-key requests, the current credential, and the OAuth2 token endpoint (served
// both at /auth/oauth2/token, where node-ovh posts when tokenURL is the emulator origin + "/auth/", and under /1.0).

/** OAuth2 errors use the RFC 6749 fields (what simple-oauth2 reports) next to OVH's usual ones. */
class OAuthError extends OvhError {
  constructor(
    status: number,
    readonly oauthError: string,
    message: string,
  ) {
    super(status, status === 401 ? "Client::Unauthorized" : "Client::BadRequest", message);
  }
  override toBody(): Record<string, unknown> {
    return { error: this.oauthError, error_description: this.message, ...super.toBody() };
  }
}

function serverTime(ctx: RequestContext): number {
  return Math.floor(ctx.core.clock.now() / 1000);
}

function requestCredential(ctx: RequestContext): unknown {
  const applicationKey = header(ctx.headers, "x-ovh-application");
  if (!applicationKey) throw unauthorized("You must send your application key to request new credentials");
  const app = ctx.core.state.applications.get(applicationKey);
  if (!app) throw forbidden("This application key is invalid", "INVALID_KEY");
  const ck = createCredential(ctx.core.state, app, ctx.body, ctx.core.clock.now());
  return {
    consumerKey: ck.consumerKey,
    state: ck.state,
    validationUrl: `${ctx.core.origin}/_emulator/credentials/${ck.consumerKey}/validate`,
  };
}

function currentCredential(ctx: RequestContext): unknown {
  const caller = ctx.caller;
  if (!caller || caller.kind !== "signature") {
    throw badRequest("This call needs a consumer key: it is not available with an OAuth2 token");
  }
  const ck = ctx.core.state.consumerKeys.get(caller.consumerKey);
  const app = ctx.core.state.applications.get(caller.applicationKey);
  if (!ck || !app) throw forbidden("This credential does not exist", "NOT_CREDENTIAL");
  return currentCredentialView(ck, app);
}

function oauthToken(ctx: RequestContext): unknown {
  const form = new URLSearchParams(ctx.rawBody.toString("utf8"));
  const basic = basicCredentials(header(ctx.headers, "authorization"));
  const clientId = basic?.id ?? form.get("client_id");
  const clientSecret = basic?.secret ?? form.get("client_secret");
  if (form.get("grant_type") !== "client_credentials") {
    throw new OAuthError(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported");
  }
  const client = clientId ? ctx.core.state.oauth2Clients.get(clientId) : undefined;
  if (!client || !clientSecret || !sameString(client.clientSecret, clientSecret)) {
    throw new OAuthError(
      401,
      "invalid_client",
      "Client authentication failed (unknown client or wrong secret)",
    );
  }
  const scope = form.get("scope");
  if (scope !== null && scope !== "all")
    throw new OAuthError(400, "invalid_scope", 'Only scope "all" is supported');
  const token = issueToken(ctx.core.state, client.clientId, ctx.core.clock.now());
  return { access_token: token, token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, scope: "all" };
}

/** simple-oauth2 sends HTTP Basic with each part form-urlencoded (RFC 6749 §2.3.1). */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | null {
  if (!authorization || !/^basic /i.test(authorization)) return null;
  const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const unform = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return s;
    }
  };
  return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const authRoutes: Route[] = [
  { method: "GET", pattern: "/auth/time", auth: "none", iam: "none", handler: serverTime },
  { method: "POST", pattern: "/auth/credential", auth: "none", iam: "none", handler: requestCredential },
  {
    method: "GET",
    pattern: "/auth/currentCredential",
    auth: "required",
    iam: "account:apiovh:auth/currentCredential/get",
    handler: currentCredential,
  },
  {
    method: "POST",
    pattern: "/auth/oauth2/token",
    auth: "none",
    iam: "none",
    rawBody: true,
    handler: oauthToken,
  },
];
