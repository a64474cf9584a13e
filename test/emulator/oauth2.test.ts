import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { bearer, call, oauthToken, raw, startTestEmulator } from "./helpers";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

const form = (fields: Record<string, string>): Buffer => Buffer.from(new URLSearchParams(fields).toString());
const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };

describe("POST /auth/oauth2/token", () => {
  it("issues a bearer token for client credentials sent in the form", async () => {
    const r = await raw(
      emu,
      "POST",
      "/auth/oauth2/token",
      form({
        grant_type: "client_credentials",
        client_id: "client-all",
        client_secret: "secret-all",
        scope: "all",
      }),
      formHeaders,
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3599,
      scope: "all",
    });
  });

  it("accepts HTTP Basic client authentication with form-encoded parts (what simple-oauth2 sends)", async () => {
    const basic = Buffer.from("client-all:secret-all").toString("base64");
    const r = await raw(
      emu,
      "POST",
      "/1.0/auth/oauth2/token",
      form({ grant_type: "client_credentials", scope: "all" }),
      {
        ...formHeaders,
        Authorization: `Basic ${basic}`,
      },
    );
    expect(r.status).toBe(200);
  });

  it("refuses a wrong secret (401 invalid_client) and another grant type (400)", async () => {
    const bad = await raw(
      emu,
      "POST",
      "/auth/oauth2/token",
      form({ grant_type: "client_credentials", client_id: "client-all", client_secret: "nope" }),
      formHeaders,
    );
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ error: "invalid_client", class: "Client::Unauthorized" });
    const grant = await raw(
      emu,
      "POST",
      "/auth/oauth2/token",
      form({ grant_type: "password", client_id: "client-all", client_secret: "secret-all" }),
      formHeaders,
    );
    expect(grant.status).toBe(400);
    expect(grant.json).toMatchObject({ error: "unsupported_grant_type" });
  });
});

describe("bearer tokens", () => {
  it("authorise calls of the client's customer", async () => {
    const token = await oauthToken(emu, "client-all", "secret-all");
    const r = await call(emu, "GET", "/sms/sms-ab12345-1", { sign: false, headers: bearer(token) });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: "sms-ab12345-1", creditsLeft: 200 });
  });

  it("are denied outside the client's rules with the IAM-style body", async () => {
    const token = await oauthToken(emu, "client-get", "secret-get");
    expect((await call(emu, "GET", "/sms", { sign: false, headers: bearer(token) })).status).toBe(200);
    const r = await call(emu, "POST", "/sms/sms-ab12345-1/users", {
      sign: false,
      headers: bearer(token),
      body: { login: "x", password: "Abcd1234" },
    });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({
      class: "Client::Forbidden",
      message: "User not granted for this request",
      details: { unauthorizedActionsByIAM: "sms:apiovh:users/create" },
    });
  });

  it("answer 401 once expired, and 401 when unknown", async () => {
    const token = await oauthToken(emu, "client-all", "secret-all");
    emu.control.expireTokens();
    const expired = await call(emu, "GET", "/sms", { sign: false, headers: bearer(token) });
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({
      class: "Client::Unauthorized",
      message: "The access token has expired: request a new one",
    });
    const unknown = await call(emu, "GET", "/sms", { sign: false, headers: bearer("made-up") });
    expect(unknown.status).toBe(401);
    expect((unknown.json as { message: string }).message).toMatch(/Invalid access token/);
    const fresh = await oauthToken(emu, "client-all", "secret-all");
    expect((await call(emu, "GET", "/sms", { sign: false, headers: bearer(fresh) })).status).toBe(200);
  });
});
