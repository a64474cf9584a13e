import { describe, expect, it } from "vitest";
import { createConcurrencyLimit, createTokenBucket, newStats } from "../../sdk/limits";

describe("createConcurrencyLimit", () => {
  it("never grants more than the cap and serves waiters in order", async () => {
    const stats = newStats();
    const acquire = createConcurrencyLimit(2, stats);
    const order: number[] = [];
    const r1 = await acquire();
    const r2 = await acquire();
    const p3 = acquire().then((r) => (order.push(3), r));
    const p4 = acquire().then((r) => (order.push(4), r));
    await Promise.resolve();
    expect(stats.inFlight).toBe(2);
    expect(order).toEqual([]);
    r1();
    r1(); // releasing twice must not free a second slot
    const r3 = await p3;
    expect(order).toEqual([3]);
    expect(stats.inFlight).toBe(2);
    r2();
    const r4 = await p4;
    r3();
    r4();
    expect(order).toEqual([3, 4]);
    expect(stats.inFlight).toBe(0);
    expect(stats.maxInFlight).toBe(2);
  });

  it("rejects a cap below 1", () => {
    expect(() => createConcurrencyLimit(0, newStats())).toThrow(/maxConcurrency/);
  });
});

describe("createTokenBucket", () => {
  /** A fake clock: sleeping advances time, so the test measures the limiter, not the machine. */
  function fakeClock() {
    let t = 0;
    const sleeps: number[] = [];
    return {
      now: () => t,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
      sleeps,
    };
  }

  it("lets a burst through, then spaces requests at the configured rate", async () => {
    const clock = fakeClock();
    let waits = 0;
    const take = createTokenBucket({ perMinute: 60, burst: 3, ...clock, onWait: () => waits++ });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => take().then(() => times.push(clock.now()))));
    expect(times).toEqual([0, 0, 0, 1_000, 2_000, 3_000]);
    expect(waits).toBe(3);
  });

  it("refills over idle time up to the burst size", async () => {
    const clock = fakeClock();
    const take = createTokenBucket({ perMinute: 120, burst: 2, ...clock });
    await take();
    await take();
    await clock.sleep(60_000);
    const before = clock.sleeps.length;
    await take();
    await take();
    expect(clock.sleeps.length).toBe(before); // two tokens were back, no wait
    await take();
    expect(clock.sleeps.at(-1)).toBe(500);
  });

  it("rejects invalid settings", () => {
    expect(() => createTokenBucket({ perMinute: 0, burst: 1 })).toThrow(/requestsPerMinute/);
    expect(() => createTokenBucket({ perMinute: 10, burst: 0 })).toThrow(/rateLimitBurst/);
  });
});
