import type * as https from "node:https";
import type { z } from "zod";
import type { Authenticator } from "./auth";
import { fullPath, type ResolvedEndpoint } from "./endpoints";
import { apiErrorFromResponse, OvhConnectionError, OvhRequestValidationError } from "./errors";
import { sendHttp, TransportError, type HttpResponse } from "./http";
import type { ClientStats } from "./limits";
import { defaultSleep } from "./limits";
import { nextRetryDelay, parseRetryAfter, type AttemptOutcome, type RetryOptions } from "./retry";
import { bodySecrets, encodeJson, header, parseBody, retryAfterSeconds, zodIssues } from "./wire";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** One API call, as described by an endpoint function. */
export interface CallSpec<T> {
  method: HttpMethod;
  /** API path below the endpoint base, query string included, built with `path`/`withQuery`. */
  path: string;
  /** Request body; checked against `bodySchema` before anything is sent. */
  body?: unknown;
  bodySchema?: z.ZodType;
  /** Response schema, or "void" for calls whose body is ignored. */
  response: z.ZodType<T> | "void";
  /** OVH model name used in messages, e.g. `sms.User`. */
  model: string;
  /** For POST: what to check before retrying after an ambiguous failure. */
  checkHint?: string;
  /** `GET /auth/time` is the only unauthenticated call. */
  unauthenticated?: boolean;
}

/** Raw request outside the API (e.g. a document upload to its `putUrl`): no auth, no rate limit. */
export interface RawSpec {
  method: "PUT" | "GET";
  url: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface CallerDeps {
  endpoint: ResolvedEndpoint;
  auth: Authenticator;
  agents: { pooled: https.Agent; fresh: https.Agent };
  acquireSlot: () => Promise<() => void>;
  takeRateToken?: () => Promise<void>;
  stats: ClientStats;
  retry: RetryOptions;
  timeoutMs: number;
  userAgent: string;
  applicationKey?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export function createCaller(deps: CallerDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const origin = new URL(deps.endpoint.baseUrl).origin;

  /** Runs attempts until success, a non-retryable outcome, or the retry budget is spent. */
  async function withRetries(
    method: string,
    label: string,
    attempt: () => Promise<HttpResponse>,
    onResponse: (res: HttpResponse) => "retry-now" | "done",
    checkHint?: string,
  ): Promise<HttpResponse> {
    const started = now();
    for (let attemptNo = 1; ; attemptNo++) {
      if (attemptNo > 1) deps.stats.retries++;
      let res: HttpResponse | undefined;
      let failure: TransportError | undefined;
      try {
        res = await attempt();
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        failure = err;
      }
      if (res && onResponse(res) === "retry-now") continue;
      if (res && res.status < 400) return res;
      const outcome: AttemptOutcome = res
        ? {
            kind: "response",
            status: res.status,
            retryAfterMs: parseRetryAfter(header(res, "retry-after"), now()),
          }
        : { kind: "network", sent: failure!.sent, permanent: failure!.permanent };
      const delay = nextRetryDelay({
        method,
        outcome,
        failedAttempts: attemptNo,
        elapsedMs: now() - started,
        opts: deps.retry,
        random: deps.random,
      });
      if (delay !== undefined) {
        await sleep(delay);
        continue;
      }
      if (res) return res; // the caller turns it into an OvhApiError
      throw new OvhConnectionError({
        method,
        path: label,
        mayHaveBeenApplied: failure!.sent && method !== "GET",
        timedOut: failure!.timedOut,
        code: failure!.code,
        detail: attemptNo > 1 ? `${failure!.message} (after ${attemptNo} attempts)` : failure!.message,
        checkHint,
        cause: failure,
      });
    }
  }

  async function exchange(
    method: string,
    url: string,
    headers: () => Promise<Record<string, string>>,
    body: string | Uint8Array | undefined,
    agent: https.Agent,
    rateLimited: boolean,
  ): Promise<HttpResponse> {
    if (rateLimited && deps.takeRateToken) await deps.takeRateToken();
    const release = await deps.acquireSlot();
    try {
      // Headers are made once a slot is held, so a signed timestamp is never stale after a wait.
      const h = await headers();
      deps.stats.requests++;
      return await sendHttp({ method, url, headers: h, body, timeoutMs: deps.timeoutMs, agent });
    } finally {
      release();
    }
  }

  async function call<T>(spec: CallSpec<T>): Promise<T> {
    const { method } = spec;
    let bodyText = "";
    if (spec.body !== undefined) {
      if (spec.bodySchema) {
        const checked = spec.bodySchema.safeParse(spec.body);
        if (!checked.success) {
          throw new OvhRequestValidationError({
            method,
            path: spec.path,
            model: spec.model,
            issues: zodIssues(checked.error),
          });
        }
      }
      bodyText = encodeJson(spec.body);
    }
    const apiPath = fullPath(deps.endpoint, spec.path);
    const url = `${origin}${apiPath}`;
    // node-ovh signs https://<host><path> without the port; OVH-compatible servers accept it.
    const signedUrl = `https://${deps.endpoint.hostname}${apiPath}`;
    const secrets = (): string[] => [...deps.auth.secrets(), ...bodySecrets(spec.body)];

    const baseHeaders: Record<string, string> = { Accept: "application/json", "User-Agent": deps.userAgent };
    if (spec.body !== undefined) {
      baseHeaders["Content-Type"] = "application/json";
      baseHeaders["Content-Length"] = String(Buffer.byteLength(bodyText));
    }
    if (spec.unauthenticated && deps.applicationKey) baseHeaders["X-Ovh-Application"] = deps.applicationKey;
    if (!spec.unauthenticated) await deps.auth.prepare();
    const makeHeaders = async (): Promise<Record<string, string>> =>
      spec.unauthenticated
        ? baseHeaders
        : { ...baseHeaders, ...(await deps.auth.headers(method, signedUrl, bodyText)) };

    let tokenRetried = false;
    const res = await withRetries(
      method,
      spec.path,
      () =>
        exchange(
          method,
          url,
          makeHeaders,
          spec.body === undefined ? undefined : bodyText,
          method === "POST" ? deps.agents.fresh : deps.agents.pooled,
          true,
        ),
      (r) => {
        // A refused bearer token was not applied: get a new token and try once more.
        if (r.status === 401 && deps.auth.mode === "oauth2" && !tokenRetried && deps.auth.invalidate()) {
          tokenRetried = true;
          return "retry-now";
        }
        return "done";
      },
      spec.checkHint,
    );

    const queryId = header(res, "x-ovh-queryid");
    if (res.status < 200 || res.status >= 300) {
      throw apiErrorFromResponse({
        status: res.status,
        body: res.body.toString("utf8"),
        queryId,
        retryAfterSeconds: retryAfterSeconds(res, now()),
        method,
        path: spec.path,
        authMode: deps.auth.mode,
        mayHaveBeenApplied: method === "POST",
        checkHint: spec.checkHint,
        secrets: secrets(),
      });
    }
    if (spec.response === "void") return undefined as T;
    return parseBody(res, spec.response, { method, path: spec.path, model: spec.model, queryId });
  }

  /** Unsigned request to a URL outside the API; retried like an API call (PUT is idempotent). */
  async function raw(spec: RawSpec): Promise<HttpResponse> {
    const target = new URL(spec.url);
    if (target.protocol !== "https:") {
      throw new TypeError(`Refusing to send a document over ${target.protocol} (only https:// upload URLs)`);
    }
    // The query of a pre-signed URL is a credential: keep it out of messages.
    const label = `${target.origin}${target.pathname}`;
    const headers: Record<string, string> = { "User-Agent": deps.userAgent, ...spec.headers };
    if (spec.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(spec.body));
    const res = await withRetries(
      spec.method,
      label,
      () => exchange(spec.method, spec.url, async () => headers, spec.body, deps.agents.pooled, false),
      () => "done",
    );
    if (res.status >= 300) {
      throw apiErrorFromResponse({
        status: res.status,
        body: res.body.toString("utf8"),
        queryId: header(res, "x-ovh-queryid"),
        method: spec.method,
        path: label,
        authMode: deps.auth.mode,
        // Each value on its own (decoded), and the whole query: a server may echo a bare signature.
        secrets: [target.search.slice(1), ...target.searchParams.values()],
      });
    }
    return res;
  }

  return { call, raw };
}
