import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { APP, call } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "ovh-sms-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ovh-sms-emulator CLI", () => {
  it("names the seed file when it is not JSON, and exits 1", async () => {
    const seedFile = join(dir, "bad-seed.json");
    writeFileSync(seedFile, "{bad");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "emulator/cli.ts", "--port", "0", "--seed", seedFile],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(err).toContain(`--seed ${seedFile}: `);
  });

  it("prints its URL, CA and environment lines, serves requests, and stops cleanly on SIGTERM", async () => {
    const seedFile = join(dir, "seed.json");
    writeFileSync(
      seedFile,
      JSON.stringify({
        customers: [
          {
            nic: "ab12345-ovh",
            services: [{ serviceName: "sms-ab12345-1" }],
            applications: [{ ...APP, consumerKeys: [{ consumerKey: "ck-cli" }] }],
          },
        ],
      }),
    );
    const caDir = process.env.OVH_SMS_TEST_CA_DIR ?? join(dir, "ca");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "emulator/cli.ts", "--port", "0", "--seed", seedFile, "--ca-dir", caDir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await waitFor(
        () => out.includes("export OVH_CONSUMER_KEY="),
        () => out,
      );
      const port = Number(/listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(out).toContain(`export NODE_EXTRA_CA_CERTS=${join(caDir, "ca.pem")}`);
      expect(out).toContain(`export OVH_ENDPOINT=https://127.0.0.1:${port}/1.0`);
      expect(out).toContain(`export OVH_APPLICATION_KEY=${APP.applicationKey}`);
      expect(out).toContain(`export OVH_APPLICATION_SECRET=${APP.applicationSecret}`);
      expect(out).toContain("export OVH_CONSUMER_KEY=ck-cli");

      const emu = { host: "127.0.0.1", port, caFile: join(caDir, "ca.pem") } as RunningEmulator;
      const r = await call(emu, "GET", "/sms", { consumerKey: "ck-cli" });
      expect(r.json).toEqual(["sms-ab12345-1"]);
      await waitFor(
        () => out.includes("GET /1.0/sms → 200"),
        () => out,
      );
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(out).toContain("SIGTERM received, stopping");
  }, 20_000);
});

async function waitFor(done: () => boolean, output: () => string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
