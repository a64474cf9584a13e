import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { fetchCsv } from "../../emulator/csvfetch";
import { baseSeed, call, raw, startTestEmulator } from "./helpers";

let emu: RunningEmulator;
let csvServer: http.Server;
let csvBase: string;
const files: Record<string, string> = {
  "/good.csv": "name;number\nAda;+33612345678\nBob;+447712345678\n\n",
  "/bad.csv": "name;number\nAda;+33612345678\nBob;0612345678\n",
  "/nonumber.csv": "name;phone\nAda;+33612345678\n",
};

beforeAll(async () => {
  emu = await startTestEmulator();
  csvServer = http.createServer((req, res) => {
    if (req.url === "/drip.csv") return drip(res);
    const body = files[req.url ?? ""];
    res.writeHead(body === undefined ? 404 : 200, { "Content-Type": "text/csv" });
    res.end(body ?? "");
  });
  await new Promise<void>((resolve) => csvServer.listen(0, "127.0.0.1", resolve));
  csvBase = `http://127.0.0.1:${(csvServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => csvServer.close(resolve));
});
beforeEach(() => {
  emu.control.reset();
  emu.control.seed(baseSeed());
});

/** Sends a record every 20 ms and never ends: only a total deadline stops the download. */
function drip(res: http.ServerResponse): void {
  res.writeHead(200, { "Content-Type": "text/csv" });
  res.write("name;number\n");
  const timer = setInterval(() => res.write("Ada;+33612345678\n"), 20);
  res.on("close", () => clearInterval(timer));
}

const SN = "/sms/sms-ab12345-1";
const message = (r: { json: unknown }): string => (r.json as { message: string }).message;

describe("receivers from a csvUrl", () => {
  it("downloads the file, counts records and serves it back as a JSON string", async () => {
    const created = await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: true, description: "customers", slotId: 3, csvUrl: `${csvBase}/good.csv` },
    });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      autoUpdate: true,
      canAutoUpdate: true,
      datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      description: "customers",
      records: 2,
      slotId: 3,
    });
    expect((await call(emu, "GET", `${SN}/receivers`)).json).toEqual([3]);
    const csv = await call(emu, "GET", `${SN}/receivers/3/csv`);
    expect(csv.json).toBe(files["/good.csv"]);
    const again = await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: false, description: "again", slotId: 3, csvUrl: `${csvBase}/good.csv` },
    });
    expect(again.status).toBe(409);
  });

  it("reports a bad record with its line number, and a missing number column", async () => {
    const bad = await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: false, description: "x", slotId: 1, csvUrl: `${csvBase}/bad.csv` },
    });
    expect(bad.status).toBe(400);
    expect(message(bad)).toMatch(/"0612345678".* on line 3$/);
    const noColumn = await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: false, description: "x", slotId: 1, csvUrl: `${csvBase}/nonumber.csv` },
    });
    expect(message(noColumn)).toMatch(/"number" column/);
    expect((await call(emu, "GET", `${SN}/receivers`)).json).toEqual([]);
  });

  it("downloads only from loopback hosts", async () => {
    for (const csvUrl of [
      "http://example.com/list.csv",
      "http://10.0.0.1/list.csv",
      "ftp://127.0.0.1/x.csv",
    ]) {
      const r = await call(emu, "POST", `${SN}/receivers`, {
        body: { autoUpdate: false, description: "x", slotId: 1, csvUrl },
      });
      expect(r.status).toBe(400);
    }
    const missing = await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: false, description: "x", slotId: 1, csvUrl: `${csvBase}/missing.csv` },
    });
    expect(message(missing)).toMatch(/HTTP 404/);
  });

  it("never echoes the credentials of a csvUrl (user:password@, pre-signed query) in an error", async () => {
    const port = new URL(csvBase).port;
    const r = await call(emu, "POST", `${SN}/receivers`, {
      body: {
        autoUpdate: false,
        description: "x",
        slotId: 1,
        csvUrl: `http://bob:S3cret@127.0.0.1:${port}/missing.csv?token=tok-0123456789`,
      },
    });
    expect(r.status).toBe(400);
    expect(message(r)).toBe(`Could not download csvUrl http://127.0.0.1:${port}/missing.csv: HTTP 404`);
  });

  it("gives up on a download that trickles past the total deadline", async () => {
    const started = Date.now();
    const err = await fetchCsv(`${csvBase}/drip.csv`, { idleMs: 5000, totalMs: 300 }).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `Could not download csvUrl ${csvBase}/drip.csv: not downloaded within 300 ms`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("validates the body: slot range, description, exactly one source, autoUpdate only with csvUrl", async () => {
    const base = { autoUpdate: false, description: "x", slotId: 1, csvUrl: `${csvBase}/good.csv` };
    for (const body of [
      { ...base, slotId: 0 },
      { ...base, slotId: 10 },
      { ...base, description: "" },
      { ...base, description: "d".repeat(41) },
      { ...base, documentId: "abc" },
      { autoUpdate: false, description: "x", slotId: 1 },
      { autoUpdate: true, description: "x", slotId: 1, documentId: "abc" },
      { description: "x", slotId: 1, csvUrl: base.csvUrl },
    ]) {
      expect((await call(emu, "POST", `${SN}/receivers`, { body })).status).toBe(400);
    }
  });

  it("updates description and autoUpdate, refuses read-only changes, deletes", async () => {
    await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: false, description: "x", slotId: 2, csvUrl: `${csvBase}/good.csv` },
    });
    expect(
      (
        await call(emu, "PUT", `${SN}/receivers/2`, {
          body: { description: "renamed", autoUpdate: true, slotId: 2 },
        })
      ).status,
    ).toBe(200);
    expect((await call(emu, "GET", `${SN}/receivers/2`)).json).toMatchObject({
      description: "renamed",
      autoUpdate: true,
    });
    expect((await call(emu, "PUT", `${SN}/receivers/2`, { body: { records: 99 } })).status).toBe(400);
    expect((await call(emu, "DELETE", `${SN}/receivers/2`)).status).toBe(200);
    expect((await call(emu, "GET", `${SN}/receivers/2`)).status).toBe(404);
  });
});

describe("receivers from an uploaded document", () => {
  it("follows the /me/document flow, at account and user level", async () => {
    const doc = await call(emu, "POST", "/me/document", { body: { name: "list.csv" } });
    expect(doc.status).toBe(200);
    const { id, putUrl, getUrl } = doc.json as Record<string, string>;
    expect(doc.json).toMatchObject({
      name: "list.csv",
      size: 0,
      tags: [],
      expirationDate: null,
      validationDate: null,
    });
    expect(putUrl).toBe(
      `${emu.origin}/_emulator/documents/${id}?token=${new URL(putUrl ?? "").searchParams.get("token")}`,
    );
    expect(getUrl).toBe(putUrl);

    const early = await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: false, description: "doc", slotId: 1, documentId: id },
    });
    expect(message(early)).toMatch(/no content/);

    const content = "number\n+33612345678\n+33612345679\n+33612345670\n";
    const upload = await raw(
      emu,
      "PUT",
      new URL(putUrl ?? "").pathname + new URL(putUrl ?? "").search,
      Buffer.from(content),
      { "Content-Type": "text/csv" },
    );
    expect(upload.status).toBe(200);
    expect(((await call(emu, "GET", `/me/document/${id}`)).json as { size: number }).size).toBe(
      content.length,
    );
    const forged = await raw(emu, "PUT", `/_emulator/documents/${id}?token=wrong`, Buffer.from("x"));
    expect(forged.status).toBe(403);
    // The token stands for a signature: the request log keeps the path only.
    const logged = emu.control.requests().filter((e) => e.path.startsWith("/_emulator/documents/"));
    expect(logged.map((e) => `${e.method} ${e.path} ${e.status} ${e.auth}`)).toEqual([
      `PUT /_emulator/documents/${id} 200 none`,
      `PUT /_emulator/documents/${id} 403 none`,
    ]);

    const created = await call(emu, "POST", `${SN}/users/alice/receivers`, {
      body: { autoUpdate: false, description: "doc", slotId: 1, documentId: id },
    });
    expect(created.json).toMatchObject({ records: 3, canAutoUpdate: false, slotId: 1 });
    expect((await call(emu, "GET", `${SN}/users/alice/receivers`)).json).toEqual([1]);
    expect((await call(emu, "GET", `${SN}/receivers`)).json).toEqual([]);
    expect((await call(emu, "GET", `${SN}/users/alice/receivers/1/csv`)).json).toBe(content);

    // The emulator's own https getUrl is a loopback csvUrl too.
    const viaHttps = await call(emu, "POST", `${SN}/receivers`, {
      body: { autoUpdate: false, description: "https", slotId: 9, csvUrl: getUrl },
    });
    expect(viaHttps.json).toMatchObject({ records: 3, slotId: 9 });

    expect((await call(emu, "DELETE", `/me/document/${id}`)).status).toBe(200);
    expect((await call(emu, "GET", "/me/document")).json).toEqual([]);
  });
});
