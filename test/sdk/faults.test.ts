import * as fs from "node:fs";
import * as net from "node:net";
import * as tls from "node:tls";
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
import { failure, SN, SN2, useEmulator } from "./helpers";

const f = useEmulator();

const count = (method: string, pathPart: string) =>
  f.emu.control.requests().filter((r) => r.method === method && r.path.includes(pathPart)).length;

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 5));
  }
}

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

describe("network failures", () => {
  it("GET timeouts are retried, then reported as not applied", async () => {
    const c = f.make({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await listServices(c);
    f.emu.control.setFaults({ latencyMs: 300, match: { method: "GET", path: "/sms/*" } });
    const err = await failure(getAccount(c, SN));
    expect(err).toMatchObject({ timedOut: true, mayHaveBeenApplied: false });
    expect(err.message).toMatch(/after 2 attempts/);
    expect(c.stats.retries).toBe(1);
    // Let the emulator finish the abandoned requests so they do not land in the next test's log.
    await until(() => count("GET", `/sms/${SN}`) === 2);
  });

  it("connection refused is retried, and reported as not applied", async () => {
    const port = await closedPort();
    const c = f.make({
      endpoint: `https://127.0.0.1:${port}/1.0`,
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    });
    const err = await failure(getAccount(c, SN));
    expect(err).toBeInstanceOf(OvhConnectionError);
    expect(err).toMatchObject({
      mayHaveBeenApplied: false,
      code: "ECONNREFUSED",
      method: "GET",
      path: "/auth/time",
    });
    expect(c.stats.retries).toBe(2);
  });

  it("a POST whose connection is refused was never sent, so it is retried", async () => {
    const proxy = await tcpProxy(f.emu.port);
    const c = f.make({
      endpoint: `https://127.0.0.1:${proxy.port}/1.0`,
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    });
    await listServices(c);
    await proxy.close();
    const err = await failure(createUser(c, SN, { login: "refused", password: "Refuse12" }));
    expect(err).toMatchObject({ mayHaveBeenApplied: false, code: "ECONNREFUSED", method: "POST" });
    expect(err.message).not.toMatch(/may have been applied/);
    expect(c.stats.retries).toBe(2);
    expect(count("POST", "/users")).toBe(0);
  });

  it("an untrusted certificate fails at once with the fix", async () => {
    const c = f.make({ ca: tls.rootCertificates[0] });
    const err = await failure(getAccount(c, SN));
    expect(err).toBeInstanceOf(OvhConnectionError);
    expect(err.message).toMatch(/is not trusted .*NODE_EXTRA_CA_CERTS/);
    expect(c.stats.retries).toBe(0);
  });

  it("the ca option trusts the emulator explicitly", async () => {
    const c = f.make({ ca: fs.readFileSync(f.emu.caFile, "utf8") });
    expect((await getAccount(c, SN)).name).toBe(SN);
  });
});

describe("limits", () => {
  it("caps requests in flight (client gauge and server-side overlap)", async () => {
    const c = f.make({ maxConcurrency: 3 });
    await listServices(c);
    f.emu.control.clearRequests();
    f.emu.control.setFaults({ latencyMs: 30 });
    await Promise.all(Array.from({ length: 15 }, () => getAccount(c, SN)));
    expect(c.stats.maxInFlight).toBe(3);
    expect(c.stats.inFlight).toBe(0);
    expect(maxOverlap(f.emu.control.requests())).toBeLessThanOrEqual(3);
  });

  it("defaults to 8 in flight", async () => {
    const c = f.make();
    await listServices(c);
    f.emu.control.setFaults({ latencyMs: 20 });
    await Promise.all(Array.from({ length: 20 }, () => getAccount(c, SN)));
    expect(c.stats.maxInFlight).toBe(8);
  });

  it("spaces requests to the requests-per-minute limit", async () => {
    const c = f.make({ requestsPerMinute: 600, rateLimitBurst: 2 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 9 }, () => getAccount(c, SN)));
    const elapsed = Date.now() - started;
    // 10 requests (with /auth/time), 2 from the burst, then one per 100 ms: at least 800 ms.
    expect(f.emu.control.requests()).toHaveLength(10);
    expect(c.stats.rateLimitWaits).toBeGreaterThanOrEqual(7);
    expect(elapsed).toBeGreaterThanOrEqual(790);
  });
});

/** Highest number of requests the emulator was handling at once (1 ms tolerance for log rounding). */
function maxOverlap(log: Array<{ time: string; durationMs: number }>): number {
  const events = log.flatMap((r) => {
    const start = Date.parse(r.time) + 1;
    return [
      { t: start, d: 1 },
      { t: start + r.durationMs - 1, d: -1 },
    ];
  });
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let current = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (current += e.d));
  return max;
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A TCP forwarder to the emulator that can be shut down, so later connections are refused. */
function tcpProxy(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
