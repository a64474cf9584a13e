/** Retry settings of a client. */
export interface RetryOptions {
  /** Attempts per call, the first included. @default 5 */
  maxAttempts: number;
  /**
   * Retry budget: no backoff is waited for if it would end more than this many ms after the call began.
   * It bounds when the last attempt starts, not when it ends: that attempt may still run up to the client's
   * `timeoutMs`, so a call lasts at most about `maxTotalMs + timeoutMs`. @default 60000
   */
  maxTotalMs: number;
  /** First backoff delay; doubles per attempt, with jitter. @default 250 */
  baseDelayMs: number;
  /** Cap of one backoff delay (a longer `Retry-After` is still honoured). @default 10000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  maxAttempts: 5,
  maxTotalMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
};

/** How one attempt ended, as far as the retry decision is concerned. */
export type AttemptOutcome =
  | { kind: "response"; status: number; retryAfterMs?: number }
  /**
   * No response. `sent` = the request may have reached the server (connection established and
   * the request written); `permanent` = retrying cannot help (e.g. untrusted TLS certificate).
   */
  | { kind: "network"; sent: boolean; permanent?: boolean };

/** GET, PUT and DELETE may be repeated: doing them twice has the same effect as once. */
export function isIdempotent(method: string): boolean {
  return method === "GET" || method === "PUT" || method === "DELETE";
}

/**
 * Whether an outcome deserves another attempt, ignoring budgets.
 * - 429: the server refused the request without handling it, so even a POST is safe to repeat.
 * - 5xx and dropped connections: only idempotent methods, since a POST may have been applied.
 * - A connection that failed before the request was written: safe for every method.
 * `repeatable` overrides the method for calls that are safe to repeat although they are POSTs (an OAuth2
 * token request applies nothing: a second token is harmless).
 */
export function isRetryable(
  method: string,
  outcome: AttemptOutcome,
  repeatable: boolean = isIdempotent(method),
): boolean {
  if (outcome.kind === "response") {
    if (outcome.status === 429) return true;
    return outcome.status >= 500 && outcome.status <= 599 && repeatable;
  }
  if (outcome.permanent) return false;
  return !outcome.sent || repeatable;
}

/**
 * Exponential backoff with "equal jitter": half of the exponential step is fixed, half random, so
 * parallel clients spread out while every wait still grows. `failedAttempts` starts at 1.
 */
export function backoffDelay(
  failedAttempts: number,
  opts: RetryOptions,
  random: () => number = Math.random,
): number {
  const step = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** `Retry-After` as milliseconds: either delta-seconds or an HTTP date. Invalid values are ignored. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Delay before the next attempt, or undefined to give up. A `Retry-After` is a floor for the
 * delay; when honouring it (or any backoff) would overrun the total budget, the call stops now
 * instead of sleeping in vain.
 */
export function nextRetryDelay(input: {
  method: string;
  /** See {@link isRetryable}; defaults to whether `method` is idempotent. */
  repeatable?: boolean;
  outcome: AttemptOutcome;
  failedAttempts: number;
  elapsedMs: number;
  opts: RetryOptions;
  random?: () => number;
}): number | undefined {
  const { method, outcome, failedAttempts, elapsedMs, opts } = input;
  if (!isRetryable(method, outcome, input.repeatable)) return undefined;
  if (failedAttempts >= opts.maxAttempts) return undefined;
  const backoff = backoffDelay(failedAttempts, opts, input.random);
  const floor = outcome.kind === "response" ? (outcome.retryAfterMs ?? 0) : 0;
  const delay = Math.max(backoff, floor);
  if (elapsedMs + delay > opts.maxTotalMs) return undefined;
  return delay;
}
