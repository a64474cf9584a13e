import { describe, expect, it } from "vitest";
import {
  createUser,
  getAccount,
  getUser,
  listServices,
  OvhApiError,
  OvhConnectionError,
  transferCredits,
  updateAccount,
} from "../../sdk";
import { countRequests, failure, SN, SN2, until, useEmulator } from "./helpers";

const f = useEmulator();

const count = (method: string, pathPart: string) => countRequests(f.emu, method, pathPart);

describe("retries of idempotent calls", () => {
  it("GET and PUT succeed under 30% injected 5xx; every failure was retried", async () => {
    const c = f.make({ retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 5 } });
    await listServices(c); // /auth/time before faults, so the counts below are only API calls
    f.emu.control.clearRequests();
    f.emu.control.setFaults({ errorRate: 0.3, randomSeed: 1234 });
    const before = { ...c.stats };
    for (let i = 0; i < 30; i++) {
      expect((await getAccount(c, SN)).name).toBe(SN);
      await updateAccount(c, SN, { description: `run ${i}` });
    }
    expect((await getAccount(c, SN)).description).toBe("run 29");
    const log = f.emu.control.requests();
    const failed = log.filter((r) => r.status >= 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(c.stats.retries - before.retries).toBe(failed);
    expect(c.stats.requests - before.requests).toBe(log.length);
    expect(log.length).toBe(61 + failed);
  });

  it("gives up after maxAttempts with the last API error", async () => {
    const c = f.make({ retry: { maxAttempts: 3, baseDelayMs: 1 } });
    f.emu.control.setFaults({ errorRate: 1, errorStatus: 503, match: { method: "GET", path: "/sms/*" } });
    const err = await failure(getAccount(c, SN));
    expect(err).toMatchObject({ status: 503, errorClass: "Server::ServiceUnavailable" });
    expect(count("GET", `/sms/${SN}`)).toBe(3);
  });

  it("honours Retry-After on 429", async () => {
    const c = f.make();
    await listServices(c);
    f.emu.control.clearRequests();
    f.emu.control.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1, match: { method: "GET" } });
    const pending = getAccount(c, SN);
    await until(() => f.emu.control.requests().some((r) => r.status === 429));
    f.emu.control.clearFaults();
    expect((await pending).name).toBe(SN);
    const [limited, retried] = f.emu.control.requests();
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    // The retry cannot arrive before the 429 was answered plus the requested second.
    expect(Date.parse(retried!.time) - Date.parse(limited!.time)).toBeGreaterThanOrEqual(1_000);
  });

  it("stops at once when Retry-After exceeds the time budget", async () => {
    const c = f.make({ retry: { maxTotalMs: 2_000 } });
    f.emu.control.setFaults({
      rateLimitRate: 1,
      retryAfterSeconds: 30,
      match: { method: "GET", path: "/sms/*" },
    });
    const err = await failure(getAccount(c, SN));
    expect(err).toMatchObject({ status: 429, retryAfterSeconds: 30 });
    expect(err.message).toMatch(/lower requestsPerMinute/);
    expect(count("GET", `/sms/${SN}`)).toBe(1);
  });

  it("a POST refused with 429 was not applied, so it is retried", async () => {
    const c = f.make();
    await listServices(c);
    f.emu.control.setFaults({ rateLimitRate: 1, retryAfterSeconds: 0, match: { method: "POST" } });
    const pending = createUser(c, SN, { login: "limited", password: "Limit123" });
    await until(() => f.emu.control.requests().some((r) => r.status === 429));
    f.emu.control.clearFaults();
    await pending;
    expect((await getUser(c, SN, "limited")).login).toBe("limited");
  });
});

describe("POST is never repeated once it may have been applied", () => {
  it("apply-then-drop: one POST received, object created, error says what to check", async () => {
    f.emu.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/users" } });
    const err = await failure(createUser(f.client, SN, { login: "dave", password: "Davey123" }));
    expect(err).toBeInstanceOf(OvhConnectionError);
    expect(err).toMatchObject({
      method: "POST",
      path: `/sms/${SN}/users`,
      mayHaveBeenApplied: true,
      timedOut: false,
    });
    expect(err.message).toContain(
      `The request was sent, so the operation may have been applied: check GET /sms/${SN}/users/dave before retrying`,
    );
    expect(err.message).not.toContain("Davey123");
    const posts = f.emu.control.requests().filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ path: `/1.0/sms/${SN}/users`, dropped: true });
    expect((await getUser(f.client, SN, "dave")).login).toBe("dave");
  });

  it("a credit transfer whose answer is lost is applied exactly once", async () => {
    f.emu.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/transferCredits" } });
    const err = await failure(transferCredits(f.client, SN, { smsAccountTarget: SN2, credits: 100 }));
    expect(err).toMatchObject({ mayHaveBeenApplied: true });
    expect(err.message).toContain(`compare creditsLeft from GET /sms/${SN} and GET /sms/${SN2}`);
    expect(count("POST", "/transferCredits")).toBe(1);
    expect((await getAccount(f.client, SN)).creditsLeft).toBe(900);
    expect((await getAccount(f.client, SN2)).creditsLeft).toBe(110);
  });

  it("a POST answered 5xx is not retried and the error says it may have been applied", async () => {
    f.emu.control.setFaults({ errorRate: 1, match: { method: "POST" } });
    const err = await failure(createUser(f.client, SN, { login: "erin", password: "Erinn123" }));
    expect(err).toBeInstanceOf(OvhApiError);
    expect(err.message).toMatch(
      /may have been applied: check GET \/sms\/sms-ab12345-1\/users\/erin before retrying/,
    );
    expect(count("POST", "/users")).toBe(1);
  });

  it("a POST that times out after sending is not retried", async () => {
    const c = f.make({ timeoutMs: 150 });
    await listServices(c);
    f.emu.control.setFaults({ latencyMs: 400, match: { method: "POST" } });
    const err = await failure(createUser(c, SN, { login: "slow", password: "Slowly12" }));
    expect(err).toMatchObject({ mayHaveBeenApplied: true, timedOut: true, code: "ETIMEDOUT" });
    expect(err.message).toMatch(/no complete response within 150 ms/);
    // The emulator finishes the request after the client gave up: the user exists, created once.
    await until(() => count("POST", "/users") === 1);
    f.emu.control.clearFaults();
    await until(() => f.emu.control.requests().some((r) => r.method === "POST" && r.status === 200));
    expect((await getUser(c, SN, "slow")).login).toBe("slow");
    expect(count("POST", "/users")).toBe(1);
  });
});
