import { describe, expect, it } from "vitest";
import { getAccount, OvhApiError, type ClientOptions } from "../../sdk";
import { CLIENT_ID, CLIENT_SECRET, failure, SN, useEmulator } from "./helpers";

// OAuth2 token requests apply nothing, so unlike other POSTs they are retried on 429, 5xx and dropped
// connections, within the client's retry budget.

const f = useEmulator();
const TOKEN = { method: "POST", path: "/auth/oauth2/token" };

const oauth = (options: ClientOptions = {}) =>
  f.make({
    applicationKey: undefined,
    applicationSecret: undefined,
    consumerKey: undefined,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...options,
  });

const log = () =>
  f.emu.control.requests().map((r) => `${r.method} ${r.path} ${r.dropped ? "dropped" : r.status}`);

describe("OAuth2 token requests are retried", () => {
  it("after transient 503s", async () => {
    // Seed 7 draws 0.01, 0.06, 0.98: the first two token requests fail, the third succeeds.
    f.emu.control.setFaults({ errorRate: 0.5, errorStatus: 503, randomSeed: 7, match: TOKEN });
    expect((await getAccount(oauth(), SN)).name).toBe(SN);
    expect(log()).toEqual([
      "POST /auth/oauth2/token 503",
      "POST /auth/oauth2/token 503",
      "POST /auth/oauth2/token 200",
      `GET /1.0/sms/${SN} 200`,
    ]);
  });

  it("after a 429, honouring Retry-After", async () => {
    // Seed 7 draws 0.01 then 0.06: only the first token request is refused, with Retry-After: 1.
    f.emu.control.setFaults({ rateLimitRate: 0.05, retryAfterSeconds: 1, randomSeed: 7, match: TOKEN });
    expect((await getAccount(oauth(), SN)).name).toBe(SN);
    expect(log()).toEqual([
      "POST /auth/oauth2/token 429",
      "POST /auth/oauth2/token 200",
      `GET /1.0/sms/${SN} 200`,
    ]);
    // The client's own backoff is at most 50 ms here (useEmulator): only Retry-After explains the wait.
    const [refused, retried] = f.emu.control.requests().map((r) => Date.parse(r.time));
    expect((retried ?? 0) - (refused ?? 0)).toBeGreaterThanOrEqual(1000);
    expect((retried ?? 0) - (refused ?? 0)).toBeLessThan(1500);
  });

  it("after a connection reset", async () => {
    f.emu.control.setFaults({ dropAfterApply: { ...TOKEN, count: 1 } });
    expect((await getAccount(oauth(), SN)).name).toBe(SN);
    expect(log()).toEqual([
      "POST /auth/oauth2/token dropped",
      "POST /auth/oauth2/token 200",
      `GET /1.0/sms/${SN} 200`,
    ]);
  });

  it("no more than retry.maxAttempts times, then the last error", async () => {
    f.emu.control.setFaults({ errorRate: 1, errorStatus: 503, match: TOKEN });
    const err = await failure(getAccount(oauth({ retry: { maxAttempts: 3, baseDelayMs: 1 } }), SN));
    expect(err).toBeInstanceOf(OvhApiError);
    expect(err).toMatchObject({ status: 503, method: "POST", path: "/auth/oauth2/token" });
    expect(err.message).toContain(
      "The OAuth2 token endpoint is unavailable (after 3 attempts): retry later.",
    );
    expect(err.message).not.toContain("check clientId");
    expect(log()).toEqual(Array(3).fill("POST /auth/oauth2/token 503"));
  });

  it("but never when the credentials are refused", async () => {
    const err = await failure(getAccount(oauth({ clientSecret: "not-the-secret-0123" }), SN));
    expect(err).toMatchObject({ method: "POST", path: "/auth/oauth2/token" });
    expect(err.message).toContain("The OAuth2 token request was refused: check clientId");
    expect(log()).toHaveLength(1);
  });
});
