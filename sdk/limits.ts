/** Counters a client keeps; cheap enough to leave on, useful in benchmarks and tests. */
export interface ClientStats {
  /** HTTP requests sent to the API and upload URLs (each attempt counts, /auth/time included, OAuth2 token requests not). */
  requests: number;
  /** Attempts that were repeats of an earlier failed attempt. */
  retries: number;
  /** Requests currently holding a concurrency slot. */
  inFlight: number;
  /** Highest `inFlight` seen since the client was created. */
  maxInFlight: number;
  /** Times a request had to wait for the requests-per-minute limiter. */
  rateLimitWaits: number;
}

export function newStats(): ClientStats {
  return { requests: 0, retries: 0, inFlight: 0, maxInFlight: 0, rateLimitWaits: 0 };
}

/**
 * At most `max` holders at a time; waiters are served first come, first served. The stats gauge
 * is updated here so that it measures exactly what the cap enforces.
 */
export function createConcurrencyLimit(max: number, stats: ClientStats): () => Promise<() => void> {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`maxConcurrency must be an integer ≥ 1, got ${max}`);
  const waiters: Array<() => void> = [];
  let active = 0;
  const grant = (): (() => void) => {
    active++;
    stats.inFlight = active;
    stats.maxInFlight = Math.max(stats.maxInFlight, active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active--;
      stats.inFlight = active;
      waiters.shift()?.();
    };
  };
  return () => {
    if (active < max) return Promise.resolve(grant());
    return new Promise((resolve) => waiters.push(() => resolve(grant())));
  };
}

export interface TokenBucketOptions {
  perMinute: number;
  /** Requests allowed back to back before the rate applies. */
  burst: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onWait?: () => void;
}

/**
 * Requests-per-minute limiter (token bucket). Callers queue in order, so a burst of calls is
 * released at the configured rate rather than racing for tokens.
 */
export function createTokenBucket(opts: TokenBucketOptions): () => Promise<void> {
  if (!(opts.perMinute > 0)) throw new RangeError(`requestsPerMinute must be > 0, got ${opts.perMinute}`);
  if (!(opts.burst >= 1)) throw new RangeError(`rateLimitBurst must be ≥ 1, got ${opts.burst}`);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const perMs = opts.perMinute / 60_000;
  let tokens = opts.burst;
  let last = now();
  let queue: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const t = now();
    tokens = Math.min(opts.burst, tokens + (t - last) * perMs);
    last = t;
  };
  const takeOne = async (): Promise<void> => {
    refill();
    if (tokens < 1) {
      opts.onWait?.();
      while (tokens < 1) {
        await sleep(Math.ceil((1 - tokens) / perMs));
        refill();
      }
    }
    tokens -= 1;
  };
  return () => {
    const turn = queue.then(takeOne);
    queue = turn.catch(() => undefined);
    return turn;
  };
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
