import { describe, expect, it } from "vitest";
import {
  createUser,
  deleteUser,
  getUser,
  isConflict,
  isNotFound,
  listUsers,
  OvhApiError,
  updateUser,
} from "../../sdk";
import { encodeJson } from "../../sdk/wire";
import { failure, seen, SN, useEmulator } from "./helpers";

const f = useEmulator();

describe("user endpoints", () => {
  it("create, list, get, update and delete a user", async () => {
    await createUser(f.client, SN, { login: "bob", password: "Bobby123" });
    expect((await listUsers(f.client, SN)).sort()).toEqual(["alice", "bob"]);
    await updateUser(f.client, SN, "bob", {
      callBack: "https://hooks.example.com/bob",
      ipRestrictions: ["192.0.2.10"],
      alertThresholdInformations: {
        alertEmail: "ops@example.com",
        alertNumber: "",
        alertThreshold: 10,
        support: "mail",
      },
    });
    const bob = await getUser(f.client, SN, "bob");
    expect(bob).toEqual({
      login: "bob",
      password: "Bobby123",
      callBack: "https://hooks.example.com/bob",
      stopCallBack: null,
      ipRestrictions: ["192.0.2.10"],
      alertThresholdInformations: {
        alertEmail: "ops@example.com",
        alertNumber: "",
        alertThreshold: 10,
        support: "mail",
      },
      quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
    });
    await deleteUser(f.client, SN, "bob");
    expect(await listUsers(f.client, SN)).toEqual(["alice"]);
    expect(seen(f.emu)).toEqual([
      `POST /1.0/sms/${SN}/users 200`,
      `GET /1.0/sms/${SN}/users 200`,
      `PUT /1.0/sms/${SN}/users/bob 200`,
      `GET /1.0/sms/${SN}/users/bob 200`,
      `DELETE /1.0/sms/${SN}/users/bob 200`,
      `GET /1.0/sms/${SN}/users 200`,
    ]);
  });

  it("applies a quota", async () => {
    await updateUser(f.client, SN, "alice", { quotaInformations: { quotaLeft: 150, quotaStatus: "active" } });
    expect((await getUser(f.client, SN, "alice")).quotaInformations).toEqual({
      quotaLeft: 150,
      quotaStatus: "active",
    });
  });

  it("not found: get, update and delete of an unknown login", async () => {
    for (const p of [
      getUser(f.client, SN, "nobody"),
      updateUser(f.client, SN, "nobody", { callBack: null }),
      deleteUser(f.client, SN, "nobody"),
    ]) {
      const err = await failure(p);
      expect(isNotFound(err)).toBe(true);
      expect((err as OvhApiError).path).toBe(`/sms/${SN}/users/nobody`);
    }
  });

  it("validation: an invalid password is a 400 from the server naming the field", async () => {
    const err = await failure(createUser(f.client, SN, { login: "carol", password: "Xq7!zz-bad" }));
    expect(err).toMatchObject({
      status: 400,
      errorClass: "Client::BadRequest",
      method: "POST",
      path: `/sms/${SN}/users`,
    });
    expect((err as OvhApiError).ovhMessage).toMatch(/password/i);
  });

  it("a password a server echoes (twice: message and details) is redacted from message, stack and JSON", async () => {
    // The echoBody fault makes the emulator quote the request body in its error, as some servers do.
    f.emu.control.setFaults({ echoBody: true });
    // Quotes, backslashes and non-ASCII are escaped in the JSON body: the redaction must still find them.
    for (const badPassword of ["Xq7!zz-bad", 'Pa"ss\\wd', "Pässwörd9"]) {
      const err = (await failure(
        createUser(f.client, SN, { login: "carol", password: badPassword }),
      )) as OvhApiError;
      expect(err).toMatchObject({ status: 400, method: "POST", path: `/sms/${SN}/users` });
      // The echo happened (the redaction had something to do), and both copies were redacted.
      expect(err.ovhMessage).toContain('(request body: {"login":"carol","password":"[REDACTED]"})');
      expect(err.details).toEqual({ body: '{"login":"carol","password":"[REDACTED]"}' });
      for (const text of [err.message, String(err.stack), JSON.stringify(err)])
        for (const form of [badPassword, JSON.stringify(badPassword).slice(1, -1), encodeJson(badPassword)])
          expect(text).not.toContain(form);
    }
  });

  it("conflict: creating an existing login", async () => {
    const err = await failure(createUser(f.client, SN, { login: "alice", password: "Other123" }));
    expect(isConflict(err)).toBe(true);
  });

  it("encodes path segments so a login cannot address another object", async () => {
    const err = await failure(getUser(f.client, SN, "a/../../x"));
    expect(isNotFound(err) || (err as OvhApiError).status === 400).toBe(true);
    expect(f.emu.control.requests().at(-1)?.path).toBe(`/1.0/sms/${SN}/users/a%2F..%2F..%2Fx`);
  });
});
