import https from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { issueServerCertificate, loadOrCreateCa } from "../../emulator/tls";
import {
  createDocument,
  deleteDocument,
  getAccount,
  getDocument,
  getPtt,
  isNotFound,
  OvhApiError,
  transferCredits,
  uploadDocument,
} from "../../sdk";
import { failure, OTHER_SN, SN, SN2, useEmulator } from "./helpers";

const f = useEmulator();

describe("credit transfer", () => {
  it("moves credits between the caller's accounts", async () => {
    await transferCredits(f.client, SN, { smsAccountTarget: SN2, credits: 25.5 });
    expect((await getAccount(f.client, SN)).creditsLeft).toBe(974.5);
    expect((await getAccount(f.client, SN2)).creditsLeft).toBe(35.5);
  });

  it("refuses more credits than available, and targets of another customer", async () => {
    const tooMuch = await failure(transferCredits(f.client, SN2, { smsAccountTarget: SN, credits: 11 }));
    expect(tooMuch).toMatchObject({ status: 400, errorClass: "Client::BadRequest" });
    const foreign = await failure(transferCredits(f.client, SN, { smsAccountTarget: OTHER_SN, credits: 1 }));
    // Another customer's account is reported as missing, so it is not revealed.
    expect(foreign).toMatchObject({ method: "POST", status: 404, errorClass: "Client::NotFound" });
    expect((await getAccount(f.client, SN)).creditsLeft).toBe(1000);
  });

  it("not found: unknown source", async () => {
    expect(
      isNotFound(
        await failure(transferCredits(f.client, "sms-nope-1", { smsAccountTarget: SN, credits: 1 })),
      ),
    ).toBe(true);
  });
});

describe("documents", () => {
  it("create, upload bytes to putUrl, get, delete", async () => {
    const doc = await createDocument(f.client, { name: "list.csv", tags: [{ key: "team", value: "ops" }] });
    expect(doc).toMatchObject({ name: "list.csv", size: 0, tags: [{ key: "team", value: "ops" }] });
    await uploadDocument(f.client, doc.putUrl, Buffer.from("number\n+33612345678\n"));
    expect((await getDocument(f.client, doc.id)).size).toBe(20);
    await deleteDocument(f.client, doc.id);
    expect(isNotFound(await failure(getDocument(f.client, doc.id)))).toBe(true);
  });

  it("an upload refused by storage is an error that does not show the URL's token", async () => {
    const doc = await createDocument(f.client, { name: "x.csv" });
    const token = new URL(doc.putUrl).searchParams.get("token") ?? "";
    const badUrl = doc.putUrl.replace(token, `${token.slice(0, -2)}zz`);
    const err = await failure(uploadDocument(f.client, badUrl, "number\n"));
    expect(err).toMatchObject({ status: 403, method: "PUT" });
    expect(err.message).not.toContain(token.slice(0, -2));
  });

  it("a storage error echoing one bare value of a pre-signed query does not show it", async () => {
    const signature = "sig-0123456789abcdef";
    const credential = "cred-AKIA0123456789";
    // Answers like object storage does: the error text repeats what it checked.
    const storage = await echoingStorage(
      (url) =>
        `Signature ${url.searchParams.get("X-Sig")} does not match for ${url.searchParams.get("X-Cred")}`,
    );
    try {
      const err = await failure(
        uploadDocument(f.client, `${storage.origin}/bucket/doc?X-Sig=${signature}&X-Cred=${credential}`, "x"),
      );
      expect(err).toMatchObject({ status: 403, method: "PUT", path: `${storage.origin}/bucket/doc` });
      expect(err.message).toContain("Signature [REDACTED] does not match for [REDACTED]");
      for (const secret of [signature, credential]) expect(err.message).not.toContain(secret);
    } finally {
      await storage.close();
    }
  });
});

/** A loopback HTTPS server (certificate from the test CA) answering every request 403 with `message(url)`. */
async function echoingStorage(message: (url: URL) => string) {
  const ca = await loadOrCreateCa(process.env.OVH_SMS_TEST_CA_DIR ?? "");
  const server = https.createServer(issueServerCertificate(ca, "127.0.0.1"), (req, res) => {
    req.resume();
    res.writeHead(403, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ message: message(new URL(req.url ?? "/", "https://127.0.0.1")) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the client keeps its connection alive
      }),
  };
}

describe("ptt", () => {
  it("getPtt explains a delivery status code", async () => {
    const details = await getPtt(f.client, 4);
    expect(details).toMatchObject({ description: "Delivered", duration: "permanent" });
    expect(details.comment).toBeTypeOf("string");
    expect(f.emu.control.requests().at(-1)?.path).toBe("/1.0/sms/ptts?ptt=4");
  });

  it("an unknown ptt is an API error", async () => {
    const err = await failure(getPtt(f.client, 987654));
    expect(err).toMatchObject({ status: 404, path: "/sms/ptts?ptt=987654" });
    expect((err as OvhApiError).ovhMessage).toMatch(/ptt = 987654/);
  });
});
