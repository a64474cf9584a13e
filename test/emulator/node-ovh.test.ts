import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerKeyFingerprint, type RunningEmulator } from "../../emulator";
import { APP, CK, startTestEmulator } from "./helpers";

// The official client, unmodified: it signs https://host/path without the port, trusts the emulator's CA only
// through NODE_EXTRA_CA_CERTS (set by test/global-setup.ts before workers start), and posts OAuth2 token
// requests to <tokenURL>oauth2/token with HTTP Basic client authentication.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ovh = require("@ovhcloud/node-ovh") as (params: Record<string, unknown>) => {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
};

const run = promisify(execFile);
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startTestEmulator(undefined, { clockOffsetSeconds: 1000 });
});
afterAll(() => emu.close());

/** An unmodified node-ovh client signing with the seeded application and consumer key. */
function signedClient() {
  return ovh({
    appKey: APP.applicationKey,
    appSecret: APP.applicationSecret,
    consumerKey: CK,
    host: "127.0.0.1",
    port: emu.port,
    basePath: "/1.0",
  });
}

/** GET /auth/time with node-ovh in a child Node process with this environment: "time N" or "error …". */
async function nodeOvhServerTime(env: NodeJS.ProcessEnv): Promise<string> {
  const script = `
    const client = require("@ovhcloud/node-ovh")({ appKey: "x", appSecret: "y", host: "127.0.0.1", port: ${emu.port}, basePath: "/1.0" });
    client.requestPromised("GET", "/auth/time").then(
      (time) => console.log("time " + time),
      (error) => console.log("error " + JSON.stringify(error)),
    );`;
  const { stdout } = await run(process.execPath, ["-e", script], {
    env,
    cwd: path.resolve(__dirname, "../.."),
  });
  return stdout.trim();
}

describe("@ovhcloud/node-ovh against the emulator", () => {
  it("trusts the emulator through NODE_EXTRA_CA_CERTS, and only through it", async () => {
    // A fresh Node process (Node reads the variable at start) with and without it: node-ovh has no CA option.
    const { NODE_EXTRA_CA_CERTS: _ca, ...withoutCa } = process.env;
    expect(await nodeOvhServerTime({ ...withoutCa, NODE_EXTRA_CA_CERTS: emu.caFile })).toMatch(/^time \d+$/);
    expect(await nodeOvhServerTime(withoutCa)).toMatch(
      /^error .*(self-signed|unable to verify|SELF_SIGNED)/i,
    );
    emu.control.clearRequests();
  });

  it("lists and changes SMS accounts with application key signatures (server clock 1000 s ahead)", async () => {
    const client = signedClient();
    expect(await client.requestPromised("GET", "/sms")).toEqual(["sms-ab12345-1", "sms-ab12345-2"]);
    // Non-ASCII text: node-ovh escapes it as \uXXXX and the signature covers those exact bytes.
    await client.requestPromised("PUT", "/sms/sms-ab12345-1", { description: "Équipe café" });
    const account = (await client.requestPromised("GET", "/sms/sms-ab12345-1")) as { description: string };
    expect(account.description).toBe("Équipe café");
    await client.requestPromised("POST", "/sms/sms-ab12345-1/users", { login: "bob", password: "Abcd1234" });
    expect(await client.requestPromised("GET", "/sms/sms-ab12345-1/users")).toEqual(["alice", "bob"]);
    const requests = emu.control.requests();
    expect(requests[0]).toMatchObject({ method: "GET", path: "/1.0/auth/time", status: 200, auth: "none" });
    expect(
      requests
        .slice(1)
        .every(
          (r) => r.auth === "signature" && r.consumerKey === consumerKeyFingerprint(CK) && r.status === 200,
        ),
    ).toBe(true);
  });

  it("gets the OVH error message back on a refused call", async () => {
    const client = signedClient();
    await expect(client.requestPromised("GET", "/sms/sms-zz99999-1")).rejects.toEqual({
      error: 404,
      message: "This service does not exist",
    });
  });

  it("works with OAuth2 client credentials (token endpoint under the emulator origin)", async () => {
    const client = ovh({
      clientID: "client-all",
      clientSecret: "secret-all",
      tokenURL: `${emu.origin}/auth/`,
      host: "127.0.0.1",
      port: emu.port,
      basePath: "/1.0",
    });
    expect(await client.requestPromised("GET", "/sms")).toEqual(["sms-ab12345-1", "sms-ab12345-2"]);
    const last = emu.control.requests().at(-1);
    expect(last).toMatchObject({ method: "GET", path: "/1.0/sms", status: 200, auth: "oauth2" });
  });
});
