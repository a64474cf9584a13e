import { afterAll, beforeAll, beforeEach } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import https from "node:https";
import { startEmulator, type RunningEmulator, type SeedDocument } from "../../emulator";

// A tiny independent OVH client for the emulator's own tests (the real SDK is tested elsewhere).

export const APP = { applicationKey: "appkey-main", applicationSecret: "appsecret-main" };
export const CK = "ck-main-all";
export const CK_SMS_ONLY = "ck-main-sms-get";
/** Granted `GET /sms/sms-ab12345-1` only: a rule without `*`. */
export const CK_ONE_PATH = "ck-main-one-path";
export const OTHER_APP = { applicationKey: "appkey-other", applicationSecret: "appsecret-other" };
export const OTHER_CK = "ck-other";

/** Customer ab12345-ovh owns two accounts; customer zz99999-ovh owns one that the first must never see. */
export function baseSeed(): SeedDocument {
  return {
    customers: [
      {
        nic: "ab12345-ovh",
        services: [
          {
            serviceName: "sms-ab12345-1",
            creditsLeft: 200,
            users: [{ login: "alice", password: "Passw0rd" }],
          },
          { serviceName: "sms-ab12345-2", creditsLeft: 50 },
        ],
        applications: [
          {
            ...APP,
            consumerKeys: [
              { consumerKey: CK },
              { consumerKey: CK_SMS_ONLY, rules: [{ method: "GET", path: "/sms/*" }] },
              { consumerKey: CK_ONE_PATH, rules: [{ method: "GET", path: "/sms/sms-ab12345-1" }] },
              { consumerKey: "ck-pending", state: "pendingValidation" },
              { consumerKey: "ck-expired", state: "expired" },
              { consumerKey: "ck-refused", state: "refused" },
            ],
          },
        ],
        oauth2Clients: [
          { clientId: "client-all", clientSecret: "secret-all" },
          { clientId: "client-get", clientSecret: "secret-get", rules: [{ method: "GET", path: "/sms*" }] },
        ],
      },
      {
        nic: "zz99999-ovh",
        services: [{ serviceName: "sms-zz99999-1", creditsLeft: 10 }],
        applications: [{ ...OTHER_APP, consumerKeys: [{ consumerKey: OTHER_CK }] }],
      },
    ],
  };
}

export function startTestEmulator(seed: SeedDocument = baseSeed(), extra: Record<string, unknown> = {}) {
  return startEmulator({ port: 0, caDir: process.env.OVH_SMS_TEST_CA_DIR, seed, quiet: true, ...extra });
}

/** One emulator for the test file, reset to `baseSeed()` before each test; read it as `ctx.emu`. */
export function useTestEmulator(): { readonly emu: RunningEmulator } {
  const ctx = { emu: undefined as unknown as RunningEmulator };
  beforeAll(async () => {
    ctx.emu = await startTestEmulator();
  });
  afterAll(() => ctx.emu.close());
  beforeEach(() => {
    ctx.emu.control.reset();
    ctx.emu.control.seed(baseSeed());
  });
  return ctx;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface CallOptions {
  body?: unknown;
  /** Send exactly these bytes (signed as such) instead of JSON.stringify(body). */
  rawBody?: Buffer;
  appKey?: string;
  appSecret?: string;
  consumerKey?: string | null;
  /** "noport" signs like node-ovh, "port" like go-ovh. */
  urlForm?: "noport" | "port";
  timestamp?: number;
  sign?: boolean;
  headers?: Record<string, string>;
}

/** A signed call; path is relative to /1.0 unless it starts with "/_" or "/auth/oauth2". */
export function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  o: CallOptions = {},
): Promise<Reply> {
  const fullPath =
    path.startsWith("/_") || path.startsWith("/auth/oauth2") || path.startsWith("/v1/")
      ? path
      : `/1.0${path}`;
  const body = o.rawBody ?? (o.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(o.body)));
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.body !== undefined || o.rawBody) headers["Content-Type"] = "application/json";
  if (o.sign !== false && !fullPath.startsWith("/_")) {
    const ak = o.appKey ?? APP.applicationKey;
    const as = o.appSecret ?? APP.applicationSecret;
    const ck = o.consumerKey === undefined ? CK : o.consumerKey;
    const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const host = o.urlForm === "port" ? `${emu.host}:${emu.port}` : emu.host;
    headers["X-Ovh-Application"] = ak;
    if (ck !== null) {
      headers["X-Ovh-Consumer"] = ck;
      headers["X-Ovh-Timestamp"] = ts;
      headers["X-Ovh-Signature"] = signature(as, ck, method, `https://${host}${fullPath}`, body, ts);
    }
  }
  return raw(emu, method, fullPath, body, headers);
}

export function signature(
  as: string,
  ck: string,
  method: string,
  url: string,
  body: Buffer,
  ts: string,
): string {
  const h = createHash("sha1");
  h.update(`${as}+${ck}+${method}+${url}+`);
  h.update(body);
  h.update(`+${ts}`);
  return `$1$${h.digest("hex")}`;
}

export function raw(
  emu: RunningEmulator,
  method: string,
  path: string,
  body: Buffer = Buffer.alloc(0),
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: emu.host,
        port: emu.port,
        method,
        path,
        headers: { ...headers, "Content-Length": String(body.length) },
        ca: readFileSync(emu.caFile),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown = undefined;
          try {
            json = text === "" ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Control API helper (unauthenticated). */
export function control(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<Reply> {
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  return raw(emu, method, `/_emulator${path}`, bytes, { "Content-Type": "application/json" });
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export async function oauthToken(
  emu: RunningEmulator,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
    scope: "all",
  });
  const r = await raw(emu, "POST", "/auth/oauth2/token", Buffer.from(form.toString()), {
    "Content-Type": "application/x-www-form-urlencoded",
  });
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
  return (r.json as { access_token: string }).access_token;
}
