import * as fs from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveConfig, type ConfigSources } from "../../sdk/config";
import { fullPath, resolveEndpoint } from "../../sdk/endpoints";
import { OvhConfigError } from "../../sdk/errors";
import { parseIni } from "../../sdk/ini";

const tmp = fs.mkdtempSync(nodePath.join(os.tmpdir(), "ovh-sdk-config-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let fileNo = 0;
function conf(text: string): string {
  const file = nodePath.join(tmp, `ovh-${fileNo++}.conf`);
  fs.writeFileSync(file, text);
  return file;
}

const CREDS_ENV = {
  OVH_APPLICATION_KEY: "ak-env",
  OVH_APPLICATION_SECRET: "as-env",
  OVH_CONSUMER_KEY: "ck-env",
};
const none: ConfigSources = { env: {}, configFiles: [] };

describe("resolveConfig: order explicit > Pulumi config > env > ovh.conf > default", () => {
  const file = conf("[default]\nendpoint = ovh-us\n");
  const layers = {
    explicit: { endpoint: "ovh-ca" },
    config: { "ovh:endpoint": "kimsufi-eu" },
    env: { ...CREDS_ENV, OVH_ENDPOINT: "soyoustart-ca" },
  };

  it("takes the endpoint from the highest layer that sets it", () => {
    const full = { config: layers.config, env: layers.env, configFiles: [file] };
    expect(resolveConfig(layers.explicit, full).endpoint.name).toBe("ovh-ca");
    expect(resolveConfig({}, full).endpoint.name).toBe("kimsufi-eu");
    expect(resolveConfig({}, { ...full, config: {} }).endpoint.name).toBe("soyoustart-ca");
    expect(resolveConfig({}, { env: CREDS_ENV, configFiles: [file] }).endpoint.name).toBe("ovh-us");
    const bare = resolveConfig({}, { env: CREDS_ENV, configFiles: [] });
    expect(bare.endpoint.name).toBe("ovh-eu");
    expect(bare.endpoint.baseUrl).toBe("https://eu.api.ovh.com/1.0");
  });

  it("resolves each credential on its own and records where it came from", () => {
    const ini = conf("[ovh-eu]\napplication_key=ak-file\napplication_secret=as-file\nconsumer_key=ck-file\n");
    const resolved = resolveConfig(
      { applicationKey: "ak-explicit" },
      {
        config: { "ovh:applicationSecret": "as-config" },
        env: { OVH_CONSUMER_KEY: "ck-env" },
        configFiles: [ini],
      },
    );
    expect(resolved.auth).toEqual({
      kind: "signature",
      applicationKey: "ak-explicit",
      applicationSecret: "as-config",
      consumerKey: "ck-env",
    });
    expect(resolved.sources).toEqual({
      applicationKey: "option applicationKey",
      applicationSecret: "Pulumi config ovh:applicationSecret",
      consumerKey: "env OVH_CONSUMER_KEY",
    });
    const fromFile = resolveConfig({}, { env: {}, configFiles: [ini] });
    expect(fromFile.auth).toMatchObject({ applicationKey: "ak-file", consumerKey: "ck-file" });
    expect(fromFile.sources.consumerKey).toBe(`${ini} [ovh-eu]`);
  });

  it("ignores blank values so an empty variable does not hide a lower layer", () => {
    const resolved = resolveConfig(
      { applicationKey: "  " },
      { config: { "ovh:applicationKey": "" }, env: CREDS_ENV, configFiles: [] },
    );
    expect(resolved.auth).toMatchObject({ applicationKey: "ak-env" });
  });
});

describe("resolveConfig: ovh.conf", () => {
  it("reads credentials from the section named after the endpoint chosen in [default]", () => {
    const file = conf(
      "[default]\n; comment\nendpoint=ovh-ca\n\n[ovh-eu]\napplication_key=wrong\n\n" +
        '[ovh-ca]\nApplication_Key = ak-ca\napplication_secret: as-ca\nconsumer_key = "ck-ca"\n',
    );
    const resolved = resolveConfig({}, { env: {}, configFiles: [file] });
    expect(resolved.endpoint.name).toBe("ovh-ca");
    expect(resolved.auth).toEqual({
      kind: "signature",
      applicationKey: "ak-ca",
      applicationSecret: "as-ca",
      consumerKey: "ck-ca",
    });
  });

  it("uses the URL itself as section name for a URL endpoint", () => {
    const url = "https://127.0.0.1:8443/1.0";
    const file = conf(`[default]\nendpoint=${url}\n[${url}]\nclient_id=cid\nclient_secret=csecret\n`);
    const resolved = resolveConfig({}, { env: {}, configFiles: [file] });
    expect(resolved.endpoint).toMatchObject({
      baseUrl: url,
      hostname: "127.0.0.1",
      port: 8443,
      basePath: "/1.0",
    });
    expect(resolved.auth).toEqual({ kind: "oauth2", clientId: "cid", clientSecret: "csecret" });
  });

  it("merges files key by key, the first listed (./ovh.conf) winning", () => {
    const local = conf("[ovh-eu]\nconsumer_key=ck-local\n");
    const home = conf(
      "[ovh-eu]\napplication_key=ak-home\napplication_secret=as-home\nconsumer_key=ck-home\n",
    );
    const missing = nodePath.join(tmp, "does-not-exist.conf");
    const resolved = resolveConfig({}, { env: {}, configFiles: [local, missing, home] });
    expect(resolved.auth).toMatchObject({ applicationKey: "ak-home", consumerKey: "ck-local" });
  });

  it("lets the environment override the file", () => {
    const file = conf(
      "[ovh-eu]\napplication_key=ak-file\napplication_secret=as-file\nconsumer_key=ck-file\n",
    );
    const resolved = resolveConfig({}, { env: { OVH_CONSUMER_KEY: "ck-env" }, configFiles: [file] });
    expect(resolved.auth).toMatchObject({ applicationKey: "ak-file", consumerKey: "ck-env" });
  });

  it("parses INI like python-ovh and go-ovh", () => {
    const doc = parseIni("orphan=1\n# c\n[a]\nK = v = w\n[b]\nx: 'q'\n[a]\ny=2\n");
    expect(doc.get("a")).toEqual(
      new Map([
        ["k", "v = w"],
        ["y", "2"],
      ]),
    );
    expect(doc.get("b")).toEqual(new Map([["x", "q"]]));
  });
});

describe("resolveConfig: clear errors without secret values", () => {
  it("names every way to provide credentials when there are none", () => {
    const err = catchError(() => resolveConfig({}, none));
    expect(err).toBeInstanceOf(OvhConfigError);
    for (const name of [
      "OVH_APPLICATION_KEY",
      "OVH_APPLICATION_SECRET",
      "OVH_CONSUMER_KEY",
      "ovh:applicationKey",
      "ovh:consumerKey",
      "OVH_CLIENT_ID",
      "ovh:clientSecret",
      "[ovh-eu]",
      "~/.ovh.conf",
    ]) {
      expect(err.message).toContain(name);
    }
  });

  it("names what is missing, and where the rest came from, without printing values", () => {
    const err = catchError(() =>
      resolveConfig(
        {},
        {
          env: { OVH_APPLICATION_KEY: "ak-visible", OVH_APPLICATION_SECRET: "s3cr3t-value" },
          configFiles: [],
        },
      ),
    );
    expect(err.message).toMatch(/consumerKey is missing/);
    expect(err.message).toContain("OVH_CONSUMER_KEY");
    expect(err.message).toContain("ovh:consumerKey");
    expect(err.message).toContain("env OVH_APPLICATION_SECRET");
    expect(err.message).not.toContain("s3cr3t-value");
    expect(err.message).not.toContain("ak-visible");
  });

  it("refuses both kinds of credentials at once", () => {
    const err = catchError(() =>
      resolveConfig(
        { clientId: "cid", clientSecret: "client-secret-value" },
        { env: CREDS_ENV, configFiles: [] },
      ),
    );
    expect(err.message).toMatch(/set only one kind/);
    expect(err.message).toContain("clientId from option clientId");
    expect(err.message).not.toContain("client-secret-value");
    expect(err.message).not.toContain("as-env");
  });

  it("refuses OAuth2 on an endpoint without a token URL", () => {
    const err = catchError(() =>
      resolveConfig({ endpoint: "kimsufi-eu", clientId: "a", clientSecret: "b" }, none),
    );
    expect(err.message).toMatch(/kimsufi-eu does not support OAuth2/);
  });

  it("rejects unknown endpoint names and non-HTTPS URLs, saying where the value came from", () => {
    expect(
      catchError(() => resolveConfig({}, { env: { OVH_ENDPOINT: "ovh-mars" }, configFiles: [] })).message,
    ).toMatch(
      /Unknown OVH endpoint "ovh-mars": use one of ovh-eu, ovh-ca, ovh-us.*\(from env OVH_ENDPOINT\)/,
    );
    expect(catchError(() => resolveConfig({ endpoint: "http://127.0.0.1:1/1.0" }, none)).message).toMatch(
      /only https:\/\/ endpoints/,
    );
  });

  it("never prints credentials embedded in an endpoint URL (user:password@, query)", () => {
    const cases: Array<[string, string]> = [
      ["https://bob:S3cret@127.0.0.1:1/1.0?token=tok-0123456789", "https://127.0.0.1:1/1.0"],
      ["http://bob:S3cret@127.0.0.1:1/1.0?token=tok-0123456789", "http://127.0.0.1:1/1.0"],
      ["https://bob:S3cret@[bad/1.0?token=tok-0123456789", "https://[bad/1.0"],
    ];
    for (const [endpoint, shown] of cases) {
      const err = catchError(() => resolveConfig({}, { env: { OVH_ENDPOINT: endpoint }, configFiles: [] }));
      expect(err).toBeInstanceOf(OvhConfigError);
      expect(err.message).toContain(`"${shown}"`);
      expect(err.message).toContain("(from env OVH_ENDPOINT)");
      for (const secret of ["S3cret", "tok-0123456789", "bob"]) expect(err.message).not.toContain(secret);
    }
  });
});

describe("resolveEndpoint", () => {
  it("maps names to the official base and token URLs", () => {
    expect(resolveEndpoint("ovh-ca")).toMatchObject({
      baseUrl: "https://ca.api.ovh.com/1.0",
      hostname: "ca.api.ovh.com",
      port: undefined,
      tokenUrl: "https://ca.ovh.com/auth/oauth2/token",
    });
    expect(resolveEndpoint("soyoustart-eu")).toMatchObject({
      baseUrl: "https://eu.api.soyoustart.com/1.0",
      tokenUrl: undefined,
    });
  });

  it("derives the OAuth2 token URL of a URL endpoint from its origin", () => {
    const e = resolveEndpoint("https://127.0.0.1:9443/1.0/");
    expect(e).toMatchObject({
      baseUrl: "https://127.0.0.1:9443/1.0",
      port: 9443,
      tokenUrl: "https://127.0.0.1:9443/auth/oauth2/token",
    });
  });

  it("treats /v1 paths as aliases of /1.0, like the official SDKs", () => {
    const e = resolveEndpoint("ovh-eu");
    expect(fullPath(e, "/sms")).toBe("/1.0/sms");
    expect(fullPath(e, "/v1/sms")).toBe("/v1/sms");
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}
