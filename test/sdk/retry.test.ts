import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryable,
  nextRetryDelay,
  parseRetryAfter,
  type RetryOptions,
} from "../../sdk/retry";

const opts: RetryOptions = { maxAttempts: 5, maxTotalMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("isRetryable", () => {
  it("retries idempotent methods on 429, 5xx and network errors", () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      expect(isRetryable(method, { kind: "response", status: 429 })).toBe(true);
      expect(isRetryable(method, { kind: "response", status: 500 })).toBe(true);
      expect(isRetryable(method, { kind: "response", status: 503 })).toBe(true);
      expect(isRetryable(method, { kind: "network", sent: true })).toBe(true);
      expect(isRetryable(method, { kind: "network", sent: false })).toBe(true);
    }
  });

  it("never retries 4xx other than 429", () => {
    for (const status of [400, 401, 403, 404, 409]) {
      expect(isRetryable("GET", { kind: "response", status })).toBe(false);
    }
  });

  it("retries a POST only when the server cannot have applied it", () => {
    expect(isRetryable("POST", { kind: "network", sent: false })).toBe(true);
    expect(isRetryable("POST", { kind: "response", status: 429 })).toBe(true);
    expect(isRetryable("POST", { kind: "network", sent: true })).toBe(false);
    expect(isRetryable("POST", { kind: "response", status: 500 })).toBe(false);
    expect(isRetryable("POST", { kind: "response", status: 503 })).toBe(false);
  });

  it("retries a POST marked repeatable (an OAuth2 token request) like an idempotent call", () => {
    expect(isRetryable("POST", { kind: "response", status: 503 }, true)).toBe(true);
    expect(isRetryable("POST", { kind: "network", sent: true }, true)).toBe(true);
    expect(isRetryable("POST", { kind: "response", status: 401 }, true)).toBe(false);
    expect(isRetryable("POST", { kind: "network", sent: true, permanent: true }, true)).toBe(false);
  });

  it("does not retry permanent network failures such as an untrusted certificate", () => {
    expect(isRetryable("GET", { kind: "network", sent: false, permanent: true })).toBe(false);
  });
});

describe("backoffDelay", () => {
  it("doubles per attempt with jitter between half and the full step, capped", () => {
    expect(backoffDelay(1, opts, () => 0)).toBe(50);
    expect(backoffDelay(1, opts, () => 1)).toBe(100);
    expect(backoffDelay(3, opts, () => 0)).toBe(200);
    expect(backoffDelay(3, opts, () => 1)).toBe(400);
    expect(backoffDelay(10, opts, () => 1)).toBe(1_000);
    expect(backoffDelay(10, opts, () => 0)).toBe(500);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2_000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:03 GMT", now)).toBe(3_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("nextRetryDelay", () => {
  const base = { method: "GET", failedAttempts: 1, elapsedMs: 0, opts, random: () => 0 };

  it("uses Retry-After as a floor for the delay", () => {
    expect(nextRetryDelay({ ...base, outcome: { kind: "response", status: 429, retryAfterMs: 2_000 } })).toBe(
      2_000,
    );
    expect(nextRetryDelay({ ...base, outcome: { kind: "response", status: 429, retryAfterMs: 10 } })).toBe(
      50,
    );
  });

  it("stops after maxAttempts", () => {
    const outcome = { kind: "response", status: 503 } as const;
    expect(nextRetryDelay({ ...base, outcome, failedAttempts: 4 })).toBeDefined();
    expect(nextRetryDelay({ ...base, outcome, failedAttempts: 5 })).toBeUndefined();
  });

  it("stops when the wait would overrun the total time budget", () => {
    const outcome = { kind: "response", status: 429, retryAfterMs: 5_000 } as const;
    expect(nextRetryDelay({ ...base, outcome, elapsedMs: 4_000 })).toBe(5_000);
    expect(nextRetryDelay({ ...base, outcome, elapsedMs: 6_000 })).toBeUndefined();
  });

  it("gives up at once on non-retryable outcomes", () => {
    expect(nextRetryDelay({ ...base, outcome: { kind: "response", status: 404 } })).toBeUndefined();
    expect(
      nextRetryDelay({ ...base, method: "POST", outcome: { kind: "network", sent: true } }),
    ).toBeUndefined();
  });

  it("has documented defaults", () => {
    expect(DEFAULT_RETRY).toEqual({
      maxAttempts: 5,
      maxTotalMs: 60_000,
      baseDelayMs: 250,
      maxDelayMs: 10_000,
    });
  });
});
