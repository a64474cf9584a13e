import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { baseSeed, call, control, startTestEmulator } from "./helpers";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.control.reset();
  emu.control.seed(baseSeed());
});

const SN = "/sms/sms-ab12345-1";

describe("faults", () => {
  it("adds latency to API calls only", async () => {
    emu.control.setFaults({ latencyMs: 150 });
    let t = Date.now();
    expect((await call(emu, "GET", "/sms")).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(145);
    t = Date.now();
    expect((await control(emu, "GET", "/state")).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(140);
  });

  it("answers 5xx without applying the call", async () => {
    emu.control.setFaults({ errorRate: 1 });
    const r = await call(emu, "POST", `${SN}/users`, { body: { login: "bob", password: "Abcd1234" } });
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({
      class: "Server::ServiceUnavailable",
      httpCode: "503 Service Unavailable",
    });
    emu.control.clearFaults();
    expect((await call(emu, "GET", `${SN}/users`)).json).toEqual(["alice"]);
  });

  it("answers 429 with Retry-After, only for matching requests", async () => {
    const set = await control(emu, "PUT", "/faults", {
      rateLimitRate: 1,
      retryAfterSeconds: 7,
      match: { method: "PUT", path: "/sms/*" },
    });
    expect(set.status).toBe(200);
    const limited = await call(emu, "PUT", SN, { body: { description: "x" } });
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("7");
    expect(limited.json).toMatchObject({ class: "Client::TooManyRequests" });
    expect((await call(emu, "GET", SN)).status).toBe(200);
    expect((await control(emu, "DELETE", "/faults")).status).toBe(200);
    expect((await call(emu, "PUT", SN, { body: { description: "x" } })).status).toBe(200);
  });

  it("replays the same random decisions for the same seed", async () => {
    const run = async (): Promise<number[]> => {
      emu.control.setFaults({ errorRate: 0.5, errorStatus: 500, randomSeed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await call(emu, "GET", "/sms")).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it("applies the operation, then drops the connection (count times)", async () => {
    emu.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/users" } });
    await expect(
      call(emu, "POST", `${SN}/users`, { body: { login: "bob", password: "Abcd1234" } }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await call(emu, "GET", `${SN}/users`)).json).toEqual(["alice", "bob"]);
    expect(
      (await call(emu, "POST", `${SN}/users`, { body: { login: "carol", password: "Abcd1234" } })).status,
    ).toBe(200);
    const log = emu.control.requests().filter((e) => e.method === "POST");
    expect(log.map((e) => [e.status, e.dropped])).toEqual([
      [200, true],
      [200, undefined],
    ]);
  });

  it("drops count requests, no more, when matching requests run in parallel", async () => {
    // The latency keeps both requests in flight together between the fault decision and the handler.
    emu.control.setFaults({
      latencyMs: 100,
      dropAfterApply: { method: "POST", path: "/sms/*/users", count: 1 },
    });
    const post = (login: string) =>
      call(emu, "POST", `${SN}/users`, { body: { login, password: "Abcd1234" } }).then(
        (r) => r.status,
        () => "dropped",
      );
    expect((await Promise.all([post("bob"), post("carol")])).sort()).toEqual([200, "dropped"]);
    expect((await call(emu, "GET", `${SN}/users`)).json).toEqual(["alice", "bob", "carol"]);
    const dropped = emu.control.requests().filter((e) => e.method === "POST" && e.dropped);
    expect(dropped).toHaveLength(1);
  });

  it("a matching request that fails does not use up a drop", async () => {
    emu.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/users", count: 1 } });
    const refused = await call(emu, "POST", `${SN}/users`, { body: { login: "bob", password: "short" } });
    expect(refused.status).toBe(400);
    await expect(
      call(emu, "POST", `${SN}/users`, { body: { login: "bob", password: "Abcd1234" } }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(
      (await call(emu, "POST", `${SN}/users`, { body: { login: "carol", password: "Abcd1234" } })).status,
    ).toBe(200);
  });

  it("refuses an invalid fault configuration", async () => {
    const r = await control(emu, "PUT", "/faults", { errorRate: 2 });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ class: "Client::BadRequest" });
  });
});
