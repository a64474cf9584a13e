import type * as https from "node:https";
import type { OvhAccessToken, OvhInstance } from "@ovhcloud/node-ovh";
import { nonEmptyString, OvhApiError, OvhConnectionError, redactSecrets } from "./errors";
import { settings } from "./hints";
import { isTrustFailure } from "./http";
import { defaultSleep } from "./limits";
import { nextRetryDelay, parseRetryAfter, type AttemptOutcome, type RetryOptions } from "./retry";

// OAuth2 client-credentials token requests, made by node-ovh (simple-oauth2 over @hapi/wreck).

export interface TokenRequest {
  client: OvhInstance;
  tokenUrl: string;
  timeoutMs: number;
  agent?: https.Agent;
  /** Values to redact from the token endpoint's messages. */
  secrets: string[];
  retry: RetryOptions;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Gets a token, retrying 429, 5xx and network failures with the client's backoff and budget. Unlike other
 * POSTs a token request is safe to repeat: it applies nothing, a second token is merely another token.
 */
export async function requestToken(req: TokenRequest): Promise<OvhAccessToken> {
  const now = req.now ?? Date.now;
  const sleep = req.sleep ?? defaultSleep;
  const started = now();
  for (let attemptNo = 1; ; attemptNo++) {
    const result = await attempt(req, attemptNo, now);
    if ("token" in result) return result.token;
    const delay = nextRetryDelay({
      method: "POST",
      repeatable: true,
      outcome: result.outcome,
      failedAttempts: attemptNo,
      elapsedMs: now() - started,
      opts: req.retry,
      random: req.random,
    });
    if (delay === undefined) throw result.error;
    await sleep(delay);
  }
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
  /** A socket error is "boomified" in place, so its code stays on the error itself. */
  code?: unknown;
  message?: string;
}

type Attempt =
  { token: OvhAccessToken } | { error: OvhApiError | OvhConnectionError; outcome: AttemptOutcome };

async function attempt(req: TokenRequest, attemptNo: number, now: () => number): Promise<Attempt> {
  const { client, tokenUrl, timeoutMs, agent } = req;
  if (!client.oauthClient) throw new Error("node-ovh did not create an OAuth2 client");
  const path = new URL(tokenUrl).pathname;
  const after = attemptNo > 1 ? ` (after ${attemptNo} attempts)` : "";
  try {
    const options = agent ? { timeout: timeoutMs, agent } : { timeout: timeoutMs };
    return { token: await client.oauthClient.getToken({ scope: "all" }, options) };
  } catch (raw) {
    // The raw error holds the request (with the Basic credentials): never attach it as a cause.
    const err = raw as BoomLike;
    if (err.data?.isResponseError) {
      const payload = decodePayload(err.data.payload);
      const status = err.data.res?.statusCode ?? err.output?.statusCode ?? 0;
      const headers = err.data.res?.headers ?? {};
      const queryId = headers["x-ovh-queryid"];
      const retryAfter = headers["retry-after"];
      const description =
        nonEmptyString(payload.error_description) ?? nonEmptyString(payload.message) ?? `HTTP ${status}`;
      // A 4xx other than 429 means the credentials were refused; 429 and 5xx say nothing about them.
      const refused = status >= 400 && status < 500 && status !== 429;
      const error = new OvhApiError({
        status,
        errorClass: nonEmptyString(payload.class) ?? nonEmptyString(payload.error),
        errorCode: nonEmptyString(payload.errorCode),
        ovhMessage: redactSecrets(description, req.secrets),
        queryId: typeof queryId === "string" ? queryId : undefined,
        method: "POST",
        path,
        hint: refused
          ? `The OAuth2 token request was refused: check ${settings("clientId")} and ${settings("clientSecret")}.`
          : `The OAuth2 token endpoint is ${status === 429 ? "rate-limiting" : "unavailable"}${after}: retry later.`,
      });
      const retryAfterMs = parseRetryAfter(typeof retryAfter === "string" ? retryAfter : undefined, now());
      return { error, outcome: { kind: "response", status, retryAfterMs } };
    }
    const timedOut = err.output?.statusCode === 504;
    const socketCode = typeof err.code === "string" ? err.code : undefined;
    // Wreck puts the socket error's text in its message ("Client request error: connect ECONNREFUSED …").
    const reason = (err.message ?? "").replace(/^Client request error: /, "") || "connection error";
    const error = new OvhConnectionError({
      method: "POST",
      path,
      mayHaveBeenApplied: false,
      timedOut,
      code: timedOut ? "ETIMEDOUT" : (socketCode ?? /\b(E[A-Z]+)\b/.exec(reason)?.[1]),
      detail: `OAuth2 token request to ${new URL(tokenUrl).origin} failed (${
        timedOut ? `no response within ${timeoutMs} ms` : reason
      })${after}`,
    });
    // An untrusted certificate stays untrusted: fail at once with the fix. Whether the request was sent does
    // not matter (`repeatable`), so it is reported as possibly sent.
    const permanent = socketCode !== undefined && isTrustFailure(socketCode);
    return { error, outcome: { kind: "network", sent: true, permanent } };
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
