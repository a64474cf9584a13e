import { z } from "zod";
import { createAuthenticator } from "./auth";
import { resolveConfig, type ConfigSources, type CredentialOptions } from "./config";
import { createAgents } from "./http";
import { createConcurrencyLimit, createTokenBucket, newStats, type ClientStats } from "./limits";
import { createCaller, type CallSpec, type RawSpec } from "./request";
import { DEFAULT_RETRY, type RetryOptions } from "./retry";
import type { HttpResponse } from "./http";

/**
 * Options of {@link createClient}. Credentials and endpoint are resolved field by field:
 * these options → `config` (Pulumi stack config) → `OVH_*` environment → ovh.conf → `ovh-eu`.
 */
export interface ClientOptions extends CredentialOptions, ConfigSources {
  /**
   * CA certificate(s), PEM, trusted for API calls, OAuth2 token requests and uploads, instead of
   * Node's default trust store. Without it the default store applies, which includes
   * `NODE_EXTRA_CA_CERTS` (how the emulator is usually trusted).
   */
  ca?: string | Buffer;
  /** Deadline of one HTTP attempt (connect, send, full response), in ms. @default 30000 */
  timeoutMs?: number;
  /**
   * Retry policy for idempotent calls, OAuth2 token requests, and 429s. `maxTotalMs` bounds when the last
   * attempt may start, not when it ends (add `timeoutMs` for the worst case).
   * @default { maxAttempts: 5, maxTotalMs: 60000, baseDelayMs: 250, maxDelayMs: 10000 }
   */
  retry?: Partial<RetryOptions>;
  /** Requests in flight at once, per client. @default 8 */
  maxConcurrency?: number;
  /**
   * Requests per minute, per client (token bucket). OVH asks API users to stay near 60 per
   * minute per consumer key. @default undefined (no limit)
   */
  requestsPerMinute?: number;
  /** Requests allowed back to back before `requestsPerMinute` applies. @default ceil(requestsPerMinute / 6), i.e. 10 s worth */
  rateLimitBurst?: number;
  /** @default "pulumi-ovh-sms" */
  userAgent?: string;
  /** Backoff jitter source, injectable for tests. @default Math.random */
  random?: () => number;
}

/** A configured API client. Pass it as the first argument of the endpoint functions. */
export interface OvhClient {
  /** Base URL requests go to, e.g. `https://eu.api.ovh.com/1.0`. */
  readonly endpoint: string;
  /** Endpoint name when a named endpoint is used (`ovh-eu`, …). */
  readonly endpointName?: string;
  readonly authMode: "signature" | "oauth2";
  /** Where each credential came from (e.g. `env OVH_CONSUMER_KEY`); never the values. */
  readonly credentialSources: Readonly<Record<string, string>>;
  /** Live counters (requests, retries, in-flight gauge); read them, do not write them. */
  readonly stats: Readonly<ClientStats>;
  /** Low-level escape hatch used by the endpoint functions: one call, signed, retried, parsed. */
  call<T>(spec: CallSpec<T>): Promise<T>;
  /** Unsigned request to a URL outside the API (document upload). */
  raw(spec: RawSpec): Promise<HttpResponse>;
  /** Closes pooled connections; the client must not be used afterwards. */
  close(): void;
}

/**
 * Creates an API client. Configuration is resolved now, so missing or contradictory credentials
 * throw an `OvhConfigError` here, naming the settings to provide (never their values).
 */
export function createClient(options: ClientOptions = {}): OvhClient {
  const resolved = resolveConfig(options, options);
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) };
  const timeoutMs = options.timeoutMs ?? 30_000;
  checkLimits(timeoutMs, retry);
  const maxConcurrency = options.maxConcurrency ?? 8;
  const stats = newStats();
  const agents = createAgents({ ca: options.ca, maxSockets: maxConcurrency });

  // The authenticator fetches /auth/time through the caller it is given to (called later, never now).
  const auth = createAuthenticator({
    endpoint: resolved.endpoint,
    auth: resolved.auth,
    timeoutMs,
    tokenAgent: options.ca === undefined ? undefined : agents.fresh,
    retry,
    random: options.random,
    fetchServerTime: () =>
      caller.call({
        method: "GET",
        path: "/auth/time",
        response: z.number(),
        model: "long",
        unauthenticated: true,
      }),
  });

  const rpm = options.requestsPerMinute;
  const caller = createCaller({
    endpoint: resolved.endpoint,
    auth,
    agents,
    acquireSlot: createConcurrencyLimit(maxConcurrency, stats),
    takeRateToken:
      rpm === undefined
        ? undefined
        : createTokenBucket({
            perMinute: rpm,
            burst: options.rateLimitBurst ?? Math.ceil(rpm / 6),
            onWait: () => stats.rateLimitWaits++,
          }),
    stats,
    retry,
    timeoutMs,
    userAgent: options.userAgent ?? "pulumi-ovh-sms",
    applicationKey: resolved.auth.kind === "signature" ? resolved.auth.applicationKey : undefined,
    random: options.random,
  });

  const { call, raw } = caller;
  return {
    endpoint: resolved.endpoint.baseUrl,
    endpointName: resolved.endpoint.name,
    authMode: resolved.auth.kind,
    credentialSources: resolved.sources,
    stats,
    call,
    raw,
    close() {
      agents.pooled.destroy();
      agents.fresh.destroy();
    },
  };
}

function checkLimits(timeoutMs: number, retry: RetryOptions): void {
  const bad = (name: string, value: number, rule: string): never => {
    throw new RangeError(`Invalid client option ${name}: ${value} (${rule})`);
  };
  if (!(timeoutMs > 0)) bad("timeoutMs", timeoutMs, "must be > 0");
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)
    bad("retry.maxAttempts", retry.maxAttempts, "integer ≥ 1");
  for (const key of ["maxTotalMs", "baseDelayMs", "maxDelayMs"] as const) {
    if (!(retry[key] >= 0)) bad(`retry.${key}`, retry[key], "must be ≥ 0");
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
