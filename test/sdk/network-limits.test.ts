import * as fs from "node:fs";
import * as net from "node:net";
import * as tls from "node:tls";
import { describe, expect, it } from "vitest";
import { createUser, getAccount, listServices, OvhConnectionError } from "../../sdk";
import { CLIENT_ID, CLIENT_SECRET, countRequests, failure, SN, until, useEmulator } from "./helpers";

// Network failures (refused, timeouts, TLS trust) and the client's own limits, against a real emulator.

const f = useEmulator();
const count = (method: string, pathPart: string) => countRequests(f.emu, method, pathPart);

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

  it("the ca option also applies to OAuth2 token requests", async () => {
    const c = f.make({
      ca: tls.rootCertificates[0],
      applicationKey: undefined,
      applicationSecret: undefined,
      consumerKey: undefined,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    const err = await failure(getAccount(c, SN));
    expect(err).toBeInstanceOf(OvhConnectionError);
    expect(err).toMatchObject({ method: "POST", path: "/auth/oauth2/token", mayHaveBeenApplied: false });
    expect(err.message).toMatch(/OAuth2 token request to https:\/\/127\.0\.0\.1:\d+ failed \(.*certificate/);
    // Token requests are retried on network errors, but an untrusted certificate is final.
    expect(err.message).not.toContain("attempts");
    expect(f.emu.control.requests()).toEqual([]);
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
