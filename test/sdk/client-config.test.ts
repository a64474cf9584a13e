import * as fs from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { consumerKeyFingerprint } from "../../emulator";
import {
  createClient,
  getAccount,
  isForbidden,
  listServices,
  OvhApiError,
  OvhConfigError,
  updateAccount,
} from "../../sdk";
import {
  AK,
  AS,
  CK,
  CK_PENDING,
  CK_READONLY,
  CLIENT_ID,
  CLIENT_SECRET,
  failure,
  SN,
  useEmulator,
} from "./helpers";

// Resolution order proven end to end: the consumer key the emulator receives tells which layer won.

const f = useEmulator();
const tmp = fs.mkdtempSync(nodePath.join(os.tmpdir(), "ovh-sdk-client-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function confFile(consumerKey: string): string {
  const file = nodePath.join(tmp, `ovh-${consumerKey}.conf`);
  fs.writeFileSync(
    file,
    `[default]\nendpoint=${f.emu.endpoint}\n\n[${f.emu.endpoint}]\n` +
      `application_key=${AK}\napplication_secret=${AS}\nconsumer_key=${consumerKey}\n`,
  );
  return file;
}

// The log holds a fingerprint of the consumer key, never the key itself.
const lastConsumerKey = () => f.emu.control.requests().at(-1)?.consumerKey;

describe("createClient: explicit > Pulumi config > env > ovh.conf", () => {
  it("works from an ovh.conf alone, endpoint included", async () => {
    const c = createClient({ env: {}, configFiles: [confFile(CK)] });
    expect(c.endpoint).toBe(f.emu.endpoint);
    expect(c.credentialSources.endpoint).toMatch(/\[default\]$/);
    expect((await listServices(c)).length).toBe(2);
    expect(lastConsumerKey()).toBe(consumerKeyFingerprint(CK));
    c.close();
  });

  it("env overrides the file, Pulumi config overrides env, options override config", async () => {
    const file = confFile(CK);
    const env = { OVH_CONSUMER_KEY: CK_READONLY };
    const fromEnv = createClient({ env, configFiles: [file] });
    await getAccount(fromEnv, SN);
    expect(lastConsumerKey()).toBe(consumerKeyFingerprint(CK_READONLY));
    expect(isForbidden(await failure(updateAccount(fromEnv, SN, { description: "x" })))).toBe(true);

    const fromConfig = createClient({ config: { "ovh:consumerKey": CK }, env, configFiles: [file] });
    await updateAccount(fromConfig, SN, { description: "from config" });
    expect(lastConsumerKey()).toBe(consumerKeyFingerprint(CK));

    const explicit = createClient({
      consumerKey: CK_PENDING,
      config: { "ovh:consumerKey": CK },
      env,
      configFiles: [file],
    });
    const err = await failure(getAccount(explicit, SN));
    expect((err as OvhApiError).errorCode).toBe("INVALID_CREDENTIAL");
    expect(lastConsumerKey()).toBe(consumerKeyFingerprint(CK_PENDING));
    for (const c of [fromEnv, fromConfig, explicit]) c.close();
  });

  it("takes OAuth2 credentials and the endpoint from the Pulumi config map", async () => {
    const c = createClient({
      config: {
        "ovh:endpoint": f.emu.endpoint,
        "ovh:clientId": CLIENT_ID,
        "ovh:clientSecret": CLIENT_SECRET,
      },
      env: { OVH_ENDPOINT: "ovh-eu" },
      configFiles: [],
    });
    expect(c.authMode).toBe("oauth2");
    expect((await getAccount(c, SN)).name).toBe(SN);
    expect(f.emu.control.requests().at(-1)?.auth).toBe("oauth2");
    c.close();
  });

  it("throws OvhConfigError at creation when credentials are missing", () => {
    expect(() => createClient({ endpoint: f.emu.endpoint, env: {}, configFiles: [] })).toThrow(
      OvhConfigError,
    );
  });

  it("rejects invalid limits", () => {
    const base = {
      endpoint: f.emu.endpoint,
      applicationKey: AK,
      applicationSecret: AS,
      consumerKey: CK,
      env: {},
      configFiles: [],
    };
    expect(() => createClient({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createClient({ ...base, retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/);
    expect(() => createClient({ ...base, maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(() => createClient({ ...base, requestsPerMinute: -1 })).toThrow(/requestsPerMinute/);
  });
});
