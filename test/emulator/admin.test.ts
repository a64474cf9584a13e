import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { baseSeed, bearer, call, control, oauthToken, startTestEmulator } from "./helpers";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ customers: [] }, { quiet: false });
});
afterAll(() => emu.close());

describe("control API over HTTP", () => {
  it("clearing the request log also forgets requests still running that arrived before", async () => {
    emu.control.reset();
    emu.control.seed(baseSeed());
    emu.control.setFaults({ latencyMs: 300 });
    const slow = call(emu, "GET", "/sms/sms-ab12345-1");
    await new Promise((resolve) => setTimeout(resolve, 100));
    emu.control.clearRequests();
    await slow;
    emu.control.clearFaults();
    expect(emu.control.requests()).toEqual([]);
    await call(emu, "GET", "/sms/sms-ab12345-1");
    expect(emu.control.requests().map((r) => r.path)).toEqual(["/1.0/sms/sms-ab12345-1"]);
    emu.control.reset();
  });

  it("seeds, reports state and requests, adds and consumes credits, resets", async () => {
    expect((await control(emu, "POST", "/seed", baseSeed())).status).toBe(200);
    const again = await control(emu, "POST", "/seed", baseSeed());
    expect(again.status).toBe(409);
    expect((await control(emu, "POST", "/seed", { customers: [{ nick: "x" }] })).status).toBe(400);

    expect((await control(emu, "POST", "/sms/sms-ab12345-1/credits", { credits: 25 })).status).toBe(200);
    expect((await control(emu, "POST", "/sms/sms-ab12345-1/consume", { credits: 5 })).status).toBe(200);
    await call(emu, "PUT", "/sms/sms-ab12345-1/users/alice", {
      body: { quotaInformations: { quotaStatus: "active", quotaLeft: 20 } },
    });
    expect(
      (await control(emu, "POST", "/sms/sms-ab12345-1/users/alice/consume", { credits: 8 })).status,
    ).toBe(200);
    const over = await control(emu, "POST", "/sms/sms-ab12345-1/users/alice/consume", { credits: 13 });
    expect(over.status).toBe(400);
    expect((await control(emu, "POST", "/sms/sms-nope/credits", { credits: 1 })).status).toBe(404);

    const state = (await control(emu, "GET", "/state")).json as {
      services: Record<
        string,
        { creditsLeft: number; users: Record<string, { quotaInformations: unknown }> }
      >;
    };
    expect(state.services["sms-ab12345-1"]?.creditsLeft).toBe(200);
    expect(state.services["sms-ab12345-1"]?.users.alice?.quotaInformations).toEqual({
      quotaLeft: 12,
      quotaStatus: "active",
    });

    const requests = (await control(emu, "GET", "/requests")).json as Array<{ method: string; path: string }>;
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PUT /1.0/sms/sms-ab12345-1/users/alice"]);
    expect((await control(emu, "DELETE", "/requests")).status).toBe(200);
    expect((await control(emu, "GET", "/requests")).json).toEqual([]);

    expect((await control(emu, "POST", "/reset")).status).toBe(200);
    expect((await control(emu, "GET", "/state")).json).toMatchObject({ services: {}, customers: {} });
  });

  it("expires OAuth2 tokens", async () => {
    await control(emu, "POST", "/reset");
    await control(emu, "POST", "/seed", baseSeed());
    const token = await oauthToken(emu, "client-all", "secret-all");
    expect((await control(emu, "POST", "/oauth2/expire-tokens")).status).toBe(200);
    expect((await call(emu, "GET", "/sms", { sign: false, headers: bearer(token) })).status).toBe(401);
  });

  it("fails loudly on unknown routes", async () => {
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const api = await call(emu, "GET", "/sms/sms-ab12345-1/outgoing");
      const ctl = await control(emu, "POST", "/nothing-here");
      expect([api.status, ctl.status]).toEqual([404, 404]);
      expect(ctl.json).toMatchObject({ class: "Client::NotFound", httpCode: "404 Not Found" });
      const lines = spy.mock.calls.map((c) => String(c[0]));
      expect(lines.some((l) => l.includes("UNKNOWN ROUTE GET /1.0/sms/sms-ab12345-1/outgoing"))).toBe(true);
      expect(lines.some((l) => l.includes("UNKNOWN ROUTE POST /_emulator/nothing-here"))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
