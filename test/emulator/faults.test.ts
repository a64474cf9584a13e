import { describe, expect, it } from "vitest";
import { call, control, useTestEmulator } from "./helpers";

const ctx = useTestEmulator();

const SN = "/sms/sms-ab12345-1";

describe("faults", () => {
  it("adds latency to API calls only", async () => {
    ctx.emu.control.setFaults({ latencyMs: 150 });
    let t = Date.now();
    expect((await call(ctx.emu, "GET", "/sms")).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(145);
    t = Date.now();
    expect((await control(ctx.emu, "GET", "/state")).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(140);
  });

  it("answers 5xx without applying the call", async () => {
    ctx.emu.control.setFaults({ errorRate: 1 });
    const r = await call(ctx.emu, "POST", `${SN}/users`, { body: { login: "bob", password: "Abcd1234" } });
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({
      class: "Server::ServiceUnavailable",
      httpCode: "503 Service Unavailable",
    });
    ctx.emu.control.clearFaults();
    expect((await call(ctx.emu, "GET", `${SN}/users`)).json).toEqual(["alice"]);
  });

  it("answers 429 with Retry-After, only for matching requests", async () => {
    const set = await control(ctx.emu, "PUT", "/faults", {
      rateLimitRate: 1,
      retryAfterSeconds: 7,
      match: { method: "PUT", path: "/sms/*" },
    });
    expect(set.status).toBe(200);
    const limited = await call(ctx.emu, "PUT", SN, { body: { description: "x" } });
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("7");
    expect(limited.json).toMatchObject({ class: "Client::TooManyRequests" });
    expect((await call(ctx.emu, "GET", SN)).status).toBe(200);
    expect((await control(ctx.emu, "DELETE", "/faults")).status).toBe(200);
    expect((await call(ctx.emu, "PUT", SN, { body: { description: "x" } })).status).toBe(200);
  });

  it("replays the same random decisions for the same seed", async () => {
    const run = async (): Promise<number[]> => {
      ctx.emu.control.setFaults({ errorRate: 0.5, errorStatus: 500, randomSeed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await call(ctx.emu, "GET", "/sms")).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it("applies the operation, then drops the connection (count times)", async () => {
    ctx.emu.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/users" } });
    await expect(
      call(ctx.emu, "POST", `${SN}/users`, { body: { login: "bob", password: "Abcd1234" } }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await call(ctx.emu, "GET", `${SN}/users`)).json).toEqual(["alice", "bob"]);
    expect(
      (await call(ctx.emu, "POST", `${SN}/users`, { body: { login: "carol", password: "Abcd1234" } })).status,
    ).toBe(200);
    const log = ctx.emu.control.requests().filter((e) => e.method === "POST");
    expect(log.map((e) => [e.status, e.dropped])).toEqual([
      [200, true],
      [200, undefined],
    ]);
  });

  it("drops count requests, no more, when matching requests run in parallel", async () => {
    // The latency keeps both requests in flight together between the fault decision and the handler.
    ctx.emu.control.setFaults({
      latencyMs: 100,
      dropAfterApply: { method: "POST", path: "/sms/*/users", count: 1 },
    });
    const post = (login: string) =>
      call(ctx.emu, "POST", `${SN}/users`, { body: { login, password: "Abcd1234" } }).then(
        (r) => r.status,
        () => "dropped",
      );
    expect((await Promise.all([post("bob"), post("carol")])).sort()).toEqual([200, "dropped"]);
    expect((await call(ctx.emu, "GET", `${SN}/users`)).json).toEqual(["alice", "bob", "carol"]);
    const dropped = ctx.emu.control.requests().filter((e) => e.method === "POST" && e.dropped);
    expect(dropped).toHaveLength(1);
  });

  it("a matching request that fails does not use up a drop", async () => {
    ctx.emu.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/users", count: 1 } });
    const refused = await call(ctx.emu, "POST", `${SN}/users`, { body: { login: "bob", password: "short" } });
    expect(refused.status).toBe(400);
    await expect(
      call(ctx.emu, "POST", `${SN}/users`, { body: { login: "bob", password: "Abcd1234" } }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(
      (await call(ctx.emu, "POST", `${SN}/users`, { body: { login: "carol", password: "Abcd1234" } })).status,
    ).toBe(200);
  });

  it("drops a share of the matching requests with rate, every one applied", async () => {
    ctx.emu.control.setFaults({
      dropAfterApply: { method: "GET", path: "/sms/*", rate: 0.3 },
      randomSeed: 7,
    });
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++)
      outcomes.push(
        await call(ctx.emu, "GET", SN).then(
          (r) => String(r.status),
          () => "dropped",
        ),
      );
    const dropped = outcomes.filter((o) => o === "dropped").length;
    // Not "count 1": many are dropped, and not all of them.
    expect(dropped).toBeGreaterThan(4);
    expect(dropped).toBeLessThan(24);
    expect(outcomes.filter((o) => o === "200")).toHaveLength(40 - dropped);
    const log = ctx.emu.control.requests().filter((e) => e.method === "GET");
    expect(log.filter((e) => e.dropped)).toHaveLength(dropped);
    // The same seed replays the same sequence.
    ctx.emu.control.setFaults({
      dropAfterApply: { method: "GET", path: "/sms/*", rate: 0.3 },
      randomSeed: 7,
    });
    const again: string[] = [];
    for (let i = 0; i < 40; i++)
      again.push(
        await call(ctx.emu, "GET", SN).then(
          (r) => String(r.status),
          () => "dropped",
        ),
      );
    expect(again).toEqual(outcomes);
  });

  it("echoBody: error answers to matching calls repeat the request body; successes do not", async () => {
    ctx.emu.control.setFaults({ echoBody: true, match: { method: "POST" } });
    const body = { login: "bob", password: "short" };
    const refused = await call(ctx.emu, "POST", `${SN}/users`, { body });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      message: `Invalid password: exactly 8 letters or digits are required (request body: ${JSON.stringify(body)})`,
      details: { body: JSON.stringify(body) },
    });
    const ok = await call(ctx.emu, "POST", `${SN}/users`, { body: { login: "bob", password: "Abcd1234" } });
    expect(ok.text).toBe("null");
    // Not matched: answered as usual.
    const put = await call(ctx.emu, "PUT", `${SN}/users/bob`, { body: { password: "short" } });
    expect(put.json).toMatchObject({ message: "Invalid password: exactly 8 letters or digits are required" });
  });

  it("a match path without * matches that path only, not the paths below it", async () => {
    ctx.emu.control.setFaults({ errorRate: 1, match: { path: SN } });
    expect((await call(ctx.emu, "GET", SN)).status).toBe(503);
    expect((await call(ctx.emu, "GET", `${SN}/users`)).status).toBe(200);
  });

  it("refuses an invalid fault configuration", async () => {
    const r = await control(ctx.emu, "PUT", "/faults", { errorRate: 2 });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ class: "Client::BadRequest" });
  });
});
