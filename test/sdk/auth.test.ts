import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import {
  createClient,
  createUser,
  getAccount,
  getUser,
  isForbidden,
  listServices,
  OvhApiError,
  updateUser,
} from "../../sdk";
import {
  AK,
  ALICE_PASSWORD,
  AS,
  CK,
  CK_PENDING,
  CK_READONLY,
  CLIENT_ID,
  CLIENT_ID_RO,
  CLIENT_SECRET,
  CLIENT_SECRET_RO,
  failure,
  SECRETS,
  SEED,
  SN,
  useEmulator,
} from "./helpers";

const f = useEmulator();
async function apiFailure(p: Promise<unknown>): Promise<OvhApiError> {
  const err = await failure(p);
  expect(err).toBeInstanceOf(OvhApiError);
  return err as OvhApiError;
}

describe("application key + signature", () => {
  it("signs like node-ovh: GET /auth/time once, then signed calls", async () => {
    const c = f.make();
    await listServices(c);
    await getAccount(c, SN);
    const log = f.emu.control.requests();
    expect(log.map((r) => `${r.method} ${r.path} ${r.auth}`)).toEqual([
      "GET /1.0/auth/time none",
      "GET /1.0/sms signature",
      `GET /1.0/sms/${SN} signature`,
    ]);
    expect(c.stats.requests).toBe(3);
  });

  it("wrong application secret → 400 INVALID_SIGNATURE with a fix", async () => {
    const err = await apiFailure(getAccount(f.make({ applicationSecret: "wrong-secret-value" }), SN));
    expect(err).toMatchObject({
      status: 400,
      errorCode: "INVALID_SIGNATURE",
      errorClass: "Client::BadRequest",
    });
    expect(err.message).toContain("OVH refused the request signature: check applicationSecret");
    expect(err.message).not.toContain("wrong-secret-value");
  });

  it("unknown consumer key → 403 NOT_CREDENTIAL", async () => {
    const err = await apiFailure(getAccount(f.make({ consumerKey: "ck-unknown-0123456789" }), SN));
    expect(err).toMatchObject({ status: 403, errorCode: "NOT_CREDENTIAL" });
    expect(err.message).toContain("check consumerKey (Pulumi config ovh:consumerKey / env OVH_CONSUMER_KEY)");
    expect(err.message).not.toContain("ck-unknown-0123456789");
  });

  it("consumer key not validated → 403 INVALID_CREDENTIAL", async () => {
    const err = await apiFailure(getAccount(f.make({ consumerKey: CK_PENDING }), SN));
    expect(err).toMatchObject({ status: 403, errorCode: "INVALID_CREDENTIAL" });
    expect(err.message).toMatch(/not validated yet, expired or revoked/);
  });

  it("unknown application key → 403 INVALID_KEY", async () => {
    const err = await apiFailure(getAccount(f.make({ applicationKey: "ak-unknown" }), SN));
    expect(err).toMatchObject({ status: 403, errorCode: "INVALID_KEY" });
    expect(err.message).toContain("The application key is unknown");
  });

  it("call outside the access rules → 403 NOT_GRANTED_CALL naming the call", async () => {
    const c = f.make({ consumerKey: CK_READONLY });
    expect((await getUser(c, SN, "alice")).login).toBe("alice");
    const err = await apiFailure(updateUser(c, SN, "alice", { password: "Newpass1" }));
    expect(err).toMatchObject({ status: 403, errorCode: "NOT_GRANTED_CALL" });
    expect(err.message).toContain(`The consumer key's access rules do not allow PUT /sms/${SN}/users/alice`);
    expect(err.message).not.toContain("Newpass1");
  });

  it("corrects clock skew with /auth/time", async () => {
    const skewed = await startEmulator({
      port: 0,
      caDir: process.env.OVH_SMS_TEST_CA_DIR,
      seed: SEED,
      quiet: true,
      clockOffsetSeconds: 3_600,
    });
    const c = createClient({
      endpoint: skewed.endpoint,
      applicationKey: AK,
      applicationSecret: AS,
      consumerKey: CK,
      env: {},
      configFiles: [],
    });
    try {
      expect((await getAccount(c, SN)).name).toBe(SN);
    } finally {
      c.close();
      await skewed.close();
    }
  });
});

describe("OAuth2 client credentials", () => {
  const oauth = () =>
    f.make({
      applicationKey: undefined,
      applicationSecret: undefined,
      consumerKey: undefined,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });

  it("gets a token from <origin>/auth/oauth2/token and sends it as a bearer", async () => {
    const c = oauth();
    expect(c.authMode).toBe("oauth2");
    await getAccount(c, SN);
    await listServices(c);
    expect(f.emu.control.requests().map((r) => `${r.method} ${r.path} ${r.auth}`)).toEqual([
      "POST /auth/oauth2/token none",
      `GET /1.0/sms/${SN} oauth2`,
      "GET /1.0/sms oauth2",
    ]);
  });

  it("an expired token is replaced once, transparently", async () => {
    const c = oauth();
    await getAccount(c, SN);
    f.emu.control.expireTokens();
    await createUser(c, SN, { login: "tok", password: "Token123" });
    expect(f.emu.control.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /auth/oauth2/token 200",
      `GET /1.0/sms/${SN} 200`,
      `POST /1.0/sms/${SN}/users 401`,
      "POST /auth/oauth2/token 200",
      `POST /1.0/sms/${SN}/users 200`,
    ]);
  });

  it("wrong client secret → clear error from the token endpoint", async () => {
    const c = f.make({
      applicationKey: undefined,
      applicationSecret: undefined,
      consumerKey: undefined,
      clientId: CLIENT_ID,
      clientSecret: "not-the-secret-0123",
    });
    const err = await apiFailure(getAccount(c, SN));
    expect(err).toMatchObject({ method: "POST", path: "/auth/oauth2/token" });
    expect([400, 401]).toContain(err.status);
    expect(err.message).toContain("The OAuth2 token request was refused: check clientId");
    expect(err.message).not.toContain("not-the-secret-0123");
  });

  it("IAM denial → 403 naming the missing action", async () => {
    const c = f.make({
      applicationKey: undefined,
      applicationSecret: undefined,
      consumerKey: undefined,
      clientId: CLIENT_ID_RO,
      clientSecret: CLIENT_SECRET_RO,
    });
    expect((await getAccount(c, SN)).name).toBe(SN);
    const err = await apiFailure(createUser(c, SN, { login: "iam", password: "Iampass1" }));
    expect(isForbidden(err)).toBe(true);
    expect(err.message).toMatch(
      /IAM policies do not allow this call \(missing actions: sms:apiovh:users\/create\)/,
    );
  });
});

describe("secrets", () => {
  it("never appear in an error message, stack or JSON form, even from a server that echoes the body", async () => {
    // Without the echo nothing would reach the redaction: the emulator's own messages quote no value.
    f.emu.control.setFaults({ echoBody: true });
    const oauth = { applicationKey: undefined, applicationSecret: undefined, consumerKey: undefined };
    const errors = [
      await failure(getAccount(f.make({ applicationSecret: `${AS}-wrong` }), SN)),
      await failure(getAccount(f.make({ consumerKey: `${CK}-unknown` }), SN)),
      await failure(getAccount(f.make({ consumerKey: CK_PENDING }), SN)),
      await failure(updateUser(f.make({ consumerKey: CK_READONLY }), SN, "alice", { password: "Newpass1" })),
      await failure(createUser(f.client, SN, { login: "alice", password: ALICE_PASSWORD })),
      await failure(
        getAccount(f.make({ ...oauth, clientId: CLIENT_ID, clientSecret: `${CLIENT_SECRET}-x` }), SN),
      ),
      await failure(
        createUser(f.make({ ...oauth, clientId: CLIENT_ID_RO, clientSecret: CLIENT_SECRET_RO }), SN, {
          login: "iam",
          password: "Iampass1",
        }),
      ),
    ];
    expect(errors.map((e) => (e as OvhApiError).status)).toEqual([400, 403, 403, 403, 409, 401, 403]);
    // The three calls that sent a password got it echoed back, redacted.
    expect(errors.map((e) => (e as OvhApiError).ovhMessage.includes('"password":"[REDACTED]"'))).toEqual([
      false,
      false,
      false,
      true,
      true,
      false,
      true,
    ]);
    for (const err of errors) {
      for (const text of [err.message, String(err.stack), JSON.stringify(err)])
        for (const secret of [...SECRETS, "Newpass1", "Iampass1"]) expect(text).not.toContain(secret);
    }
  });
});
