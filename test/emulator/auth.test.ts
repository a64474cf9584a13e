import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consumerKeyFingerprint, type RunningEmulator } from "../../emulator";
import {
  APP,
  baseSeed,
  call,
  CK,
  CK_ONE_PATH,
  CK_SMS_ONLY,
  OTHER_CK,
  raw,
  signature,
  startTestEmulator,
} from "./helpers";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startTestEmulator(baseSeed(), { clockOffsetSeconds: -7200, timestampWindowSeconds: 60 });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.clearRequests());

const now = (): number => Math.floor(Date.now() / 1000) - 7200; // the emulator's clock in these tests

describe("GET /auth/time", () => {
  it("answers the server clock (real + offset) as a bare integer, unauthenticated", async () => {
    const r = await raw(emu, "GET", "/1.0/auth/time");
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^\d+$/);
    expect(Math.abs(Number(r.text) - now())).toBeLessThanOrEqual(2);
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(r.headers["x-ovh-queryid"]).toMatch(/^EU\.ext-1\.[0-9a-f]+\.\d+\.[0-9a-f-]{36}$/);
  });
});

describe("signature", () => {
  it("accepts the URL signed without the port (node-ovh) and with it (go-ovh)", async () => {
    for (const urlForm of ["noport", "port"] as const) {
      const r = await call(emu, "GET", "/sms", { urlForm, timestamp: now() });
      expect(r.status).toBe(200);
      expect(r.json).toEqual(["sms-ab12345-1", "sms-ab12345-2"]);
    }
  });

  it("accepts /v1 as an alias of /1.0, signed as sent", async () => {
    const r = await call(emu, "GET", "/v1/sms", { timestamp: now() });
    expect(r.status).toBe(200);
  });

  it("hashes the exact body bytes received (raw UTF-8 here, not a re-serialisation)", async () => {
    const rawBody = Buffer.from('{"description":  "naïve ✓"}');
    const r = await call(emu, "PUT", "/sms/sms-ab12345-2", { rawBody, timestamp: now() });
    expect(r.status).toBe(200);
    expect(r.text).toBe("null");
    const account = await call(emu, "GET", "/sms/sms-ab12345-2", { timestamp: now() });
    expect((account.json as { description: string }).description).toBe("naïve ✓");
  });

  it("refuses a signature over other bytes with 400 INVALID_SIGNATURE", async () => {
    const ts = String(now());
    const body = Buffer.from('{"description":"x"}');
    const url = `https://${emu.host}/1.0/sms/sms-ab12345-2`;
    const sig = signature(APP.applicationSecret, CK, "PUT", url, Buffer.from('{"description":"y"}'), ts);
    const r = await raw(emu, "PUT", "/1.0/sms/sms-ab12345-2", body, {
      "X-Ovh-Application": APP.applicationKey,
      "X-Ovh-Consumer": CK,
      "X-Ovh-Timestamp": ts,
      "X-Ovh-Signature": sig,
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      class: "Client::BadRequest",
      errorCode: "INVALID_SIGNATURE",
      httpCode: "400 Bad Request",
      message: "Invalid signature",
    });
  });

  it("refuses a timestamp outside the window, ahead or behind, with 400 QUERY_TIME_OUT", async () => {
    for (const skew of [120, -120]) {
      const r = await call(emu, "GET", "/sms", { timestamp: now() + skew });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errorCode: "QUERY_TIME_OUT", message: "Query out of time" });
    }
    for (const skew of [50, -50]) {
      const ok = await call(emu, "GET", "/sms", { timestamp: now() + skew });
      expect(ok.status).toBe(200);
    }
  });
});

describe("auth failures", () => {
  it("401 without credentials on an authenticated route", async () => {
    const r = await raw(emu, "GET", "/1.0/sms");
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({
      class: "Client::Unauthorized",
      httpCode: "401 Unauthorized",
      message: "You must login first",
    });
  });

  it("403 INVALID_KEY for an unknown application key", async () => {
    const r = await call(emu, "GET", "/sms", { appKey: "nope", timestamp: now() });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({
      class: "Client::Forbidden",
      errorCode: "INVALID_KEY",
      httpCode: "403 Forbidden",
    });
  });

  it("403 NOT_CREDENTIAL for an unknown consumer key and for another application's key", async () => {
    for (const consumerKey of ["unknown-ck", OTHER_CK]) {
      const r = await call(emu, "GET", "/sms", { consumerKey, timestamp: now() });
      expect(r.status).toBe(403);
      expect(r.json).toEqual({
        class: "Client::Forbidden",
        errorCode: "NOT_CREDENTIAL",
        httpCode: "403 Forbidden",
        message: "This credential does not exist",
      });
    }
  });

  it("403 INVALID_CREDENTIAL for pending, expired and refused consumer keys", async () => {
    for (const consumerKey of ["ck-pending", "ck-expired", "ck-refused"]) {
      const r = await call(emu, "GET", "/sms", { consumerKey, timestamp: now() });
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({
        errorCode: "INVALID_CREDENTIAL",
        message: "This credential is not valid",
      });
    }
  });

  it("403 NOT_GRANTED_CALL outside the access rules (GET /sms/* covers sub-paths, not /sms itself)", async () => {
    const sub = await call(emu, "GET", "/sms/sms-ab12345-1/users", {
      consumerKey: CK_SMS_ONLY,
      timestamp: now(),
    });
    expect(sub.status).toBe(200);
    for (const [method, path] of [
      ["GET", "/sms"],
      ["PUT", "/sms/sms-ab12345-1"],
    ] as const) {
      const r = await call(emu, method, path, {
        consumerKey: CK_SMS_ONLY,
        timestamp: now(),
        body: method === "PUT" ? {} : undefined,
      });
      expect(r.status).toBe(403);
      expect(r.json).toEqual({
        class: "Client::Forbidden",
        errorCode: "NOT_GRANTED_CALL",
        httpCode: "403 Forbidden",
        message: "This call has not been granted",
      });
    }
  });

  it("a rule without * grants that path only, not the paths below it", async () => {
    const options = { consumerKey: CK_ONE_PATH, timestamp: now() };
    expect((await call(emu, "GET", "/sms/sms-ab12345-1", options)).status).toBe(200);
    for (const path of [
      "/sms/sms-ab12345-1/users",
      "/sms/sms-ab12345-1/users/alice",
      "/sms/sms-ab12345-10",
    ]) {
      const r = await call(emu, "GET", path, options);
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ errorCode: "NOT_GRANTED_CALL" });
    }
  });

  it("logs each call with its status and auth kind, and never the control API", async () => {
    await call(emu, "GET", "/sms", { timestamp: now() });
    await call(emu, "GET", "/sms", { consumerKey: "unknown-ck", timestamp: now() });
    await raw(emu, "GET", "/_emulator/state");
    const log = emu.control.requests();
    expect(log.map((e) => [e.method, e.path, e.status, e.auth, e.consumerKey])).toEqual([
      ["GET", "/1.0/sms", 200, "signature", consumerKeyFingerprint(CK)],
      ["GET", "/1.0/sms", 403, "signature", consumerKeyFingerprint("unknown-ck")],
    ]);
  });

  it("logs a fingerprint of the consumer key, never the key (the log is readable over HTTP)", async () => {
    await call(emu, "GET", "/sms", { timestamp: now() });
    const overHttp = await raw(emu, "GET", "/_emulator/requests");
    expect(overHttp.text).not.toContain(CK);
    expect(consumerKeyFingerprint(CK)).toMatch(/^ck-m…[0-9a-f]{8}$/);
    expect(consumerKeyFingerprint(CK)).not.toBe(consumerKeyFingerprint(CK_SMS_ONLY));
    expect((overHttp.json as Array<{ consumerKey?: string }>)[0]?.consumerKey).toBe(
      consumerKeyFingerprint(CK),
    );
  });

  it("logs the JSON body of a POST or PUT with passwords redacted, and no body for a GET", async () => {
    const body = { login: "logged", password: "Secret12" };
    await call(emu, "POST", "/sms/sms-ab12345-1/users", { body, timestamp: now() });
    await call(emu, "PUT", "/sms/sms-ab12345-1", { body: { description: "x" }, timestamp: now() });
    await call(emu, "GET", "/sms", { timestamp: now() });
    expect(emu.control.requests().map((e) => e.body)).toEqual([
      { login: "logged", password: "[redacted]" },
      { description: "x" },
      undefined,
    ]);
    expect((await raw(emu, "GET", "/_emulator/requests")).text).not.toContain("Secret12");
    await call(emu, "DELETE", "/sms/sms-ab12345-1/users/logged", { timestamp: now() });
  });
});

describe("consumer key requests", () => {
  it("creates a pending key with the requested rules, usable once validated", async () => {
    const created = await raw(
      emu,
      "POST",
      "/1.0/auth/credential",
      Buffer.from(JSON.stringify({ accessRules: [{ method: "GET", path: "/sms*" }] })),
      {
        "X-Ovh-Application": APP.applicationKey,
        "Content-Type": "application/json",
      },
    );
    expect(created.status).toBe(200);
    const { consumerKey, state, validationUrl } = created.json as Record<string, string>;
    expect(state).toBe("pendingValidation");
    expect(validationUrl).toBe(`${emu.origin}/_emulator/credentials/${consumerKey}/validate`);
    const before = await call(emu, "GET", "/sms", { consumerKey, timestamp: now() });
    expect(before.status).toBe(403);
    emu.control.validateCredential(consumerKey as string);
    const after = await call(emu, "GET", "/sms", { consumerKey, timestamp: now() });
    expect(after.status).toBe(200);
    const current = await call(emu, "GET", "/auth/currentCredential", { consumerKey, timestamp: now() });
    expect(current.status).toBe(403); // not in its rules: GET /sms* only
    const full = await call(emu, "GET", "/auth/currentCredential", { timestamp: now() });
    expect(full.json).toMatchObject({
      status: "validated",
      applicationId: 1,
      rules: expect.arrayContaining([{ method: "GET", path: "/*" }]),
    });
  });

  it("asks for the application key", async () => {
    const r = await raw(emu, "POST", "/1.0/auth/credential", Buffer.from("{}"));
    expect(r.status).toBe(401);
    expect((r.json as { message: string }).message).toBe(
      "You must send your application key to request new credentials",
    );
  });
});

describe("unknown routes", () => {
  it("answer 404 with an OVH-shaped body", async () => {
    const r = await call(emu, "GET", "/sms/sms-ab12345-1/hlr", { timestamp: now() });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({
      class: "Client::NotFound",
      errorCode: "NOT_FOUND",
      httpCode: "404 Not Found",
    });
    expect((r.json as { message: string }).message).toContain("Unknown route GET /1.0/sms/sms-ab12345-1/hlr");
    const control = await raw(emu, "GET", "/_emulator/nothing");
    expect(control.status).toBe(404);
  });
});
