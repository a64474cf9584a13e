import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { APP, baseSeed, call, raw, startTestEmulator } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "ovh-sms-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("state file", () => {
  it("writes no state file when the start fails, so the next start applies the seed", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "ovh-sms-busy-")), "state.json");
    const holder = await startTestEmulator(baseSeed());
    await expect(startTestEmulator(baseSeed(), { stateFile, port: holder.port })).rejects.toThrow(
      /EADDRINUSE/,
    );
    await holder.close();
    expect(() => statSync(stateFile)).toThrow(/ENOENT/);
    const next = await startTestEmulator(baseSeed(), { stateFile });
    try {
      expect((await call(next, "GET", "/sms")).json).toEqual(["sms-ab12345-1", "sms-ab12345-2"]);
      expect(statSync(stateFile).size).toBeGreaterThan(0);
    } finally {
      await next.close();
      rmSync(dirname(stateFile), { recursive: true, force: true });
    }
  });

  it("survives a restart: users, quotas, issued consumer keys, documents", async () => {
    const stateFile = join(dir, "state.json");
    const first = await startTestEmulator(baseSeed(), { stateFile });
    await call(first, "POST", "/sms/sms-ab12345-1/users", { body: { login: "bob", password: "Abcd1234" } });
    await call(first, "PUT", "/sms/sms-ab12345-1/users/bob", {
      body: { quotaInformations: { quotaStatus: "active", quotaLeft: 60 } },
    });
    const credential = await raw(
      first,
      "POST",
      "/1.0/auth/credential",
      Buffer.from('{"accessRules":[{"method":"GET","path":"/*"}]}'),
      {
        "X-Ovh-Application": APP.applicationKey,
      },
    );
    const { consumerKey } = credential.json as { consumerKey: string };
    const doc = await call(first, "POST", "/me/document", { body: { name: "list.csv" } });
    const putUrl = new URL((doc.json as { putUrl: string }).putUrl);
    await raw(first, "PUT", putUrl.pathname + putUrl.search, Buffer.from("number\n+33612345678\n"));
    expect((await raw(first, "GET", `/_emulator/credentials/${consumerKey}/validate`)).status).toBe(200);
    // Saved before the response: the file already holds the new key.
    expect(readFileSync(stateFile, "utf8")).toContain(consumerKey);
    await first.close();
    expect(readdirSync(dir)).toEqual(["state.json"]); // no temporary file left behind

    // Same seed again: the state file wins, nothing is duplicated or reset.
    const second = await startTestEmulator(baseSeed(), { stateFile });
    try {
      const users = await call(second, "GET", "/sms/sms-ab12345-1/users", { consumerKey });
      expect(users.status).toBe(200);
      expect(users.json).toEqual(["alice", "bob"]);
      expect((await call(second, "GET", "/sms/sms-ab12345-1", { consumerKey })).json).toMatchObject({
        creditsLeft: 140,
        creditsHoldByQuota: 60,
      });
      const docId = (doc.json as { id: string }).id;
      expect((await call(second, "GET", `/me/document/${docId}`)).json).toMatchObject({
        name: "list.csv",
        size: 20,
      });
      const receiver = await call(second, "POST", "/sms/sms-ab12345-1/receivers", {
        body: { autoUpdate: false, description: "after restart", slotId: 1, documentId: docId },
      });
      expect(receiver.json).toMatchObject({ records: 1 });
    } finally {
      await second.close();
    }
  });

  it("does not rewrite the file for GET requests", async () => {
    const stateFile = join(dir, "get-only.json");
    const emu = await startTestEmulator(baseSeed(), { stateFile });
    try {
      const before = readFileSync(stateFile, "utf8");
      const { mtimeMs } = statSync(stateFile);
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 5; i++) await call(emu, "GET", "/sms/sms-ab12345-1/users/alice");
      expect(statSync(stateFile).mtimeMs).toBe(mtimeMs);
      expect(readFileSync(stateFile, "utf8")).toBe(before);
    } finally {
      await emu.close();
    }
  });
});
