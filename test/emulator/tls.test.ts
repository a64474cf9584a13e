import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCertificateAuthority } from "../../emulator";
import { defaultCaDir, issueServerCertificate, loadOrCreateCa } from "../../emulator/tls";

const root = mkdtempSync(join(tmpdir(), "ovh-sms-ca-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("certificate authority", () => {
  it("is created once and reused", async () => {
    const dir = join(root, "reuse");
    const first = await ensureCertificateAuthority(dir);
    const pem = readFileSync(first.caFile, "utf8");
    const second = await ensureCertificateAuthority(dir);
    expect(second).toEqual({ caFile: join(dir, "ca.pem"), dir });
    expect(readFileSync(second.caFile, "utf8")).toBe(pem);
    expect(new X509Certificate(pem).ca).toBe(true);
  });

  it("converges on one CA when many callers race to create it", async () => {
    const dir = join(root, "race");
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateCa(dir)));
    expect(new Set(results.map((r) => r.certPem)).size).toBe(1);
    expect(readFileSync(join(dir, "ca.pem"), "utf8")).toBe(results[0]?.certPem);
    expect(readdirSync(dir).sort()).toEqual(["ca-bundle.pem", "ca.pem"]);
  });

  it("converges on one CA when separate processes create it at the same time", async () => {
    const dir = join(root, "processes");
    const script = `require("./emulator/tls").loadOrCreateCa(${JSON.stringify(dir)}).then((ca) => process.stdout.write(ca.certPem))`;
    const run = (): Promise<string> =>
      new Promise((resolve, reject) =>
        execFile(process.execPath, ["--import", "tsx", "-e", script], (err, stdout) =>
          err ? reject(err) : resolve(stdout),
        ),
      );
    const pems = await Promise.all([run(), run(), run(), run()]);
    expect(new Set(pems).size).toBe(1);
    expect(readFileSync(join(dir, "ca.pem"), "utf8")).toBe(pems[0]);
  }, 20_000);

  it("signs server certificates for 127.0.0.1, ::1 and localhost", async () => {
    const ca = await loadOrCreateCa(join(root, "leaf"));
    const leaf = new X509Certificate(issueServerCertificate(ca, "127.0.0.1").cert);
    expect(leaf.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(leaf.checkHost("localhost")).toBe("localhost");
    expect(leaf.ca).toBe(false);
  });

  it("names an extra IPv6 host (hex letters included) as an IP address, a host name as DNS", async () => {
    const ca = await loadOrCreateCa(join(root, "extra-hosts"));
    const v6 = new X509Certificate(issueServerCertificate(ca, "fd00::beef").cert);
    expect(v6.checkIP("fd00::beef")).toBe("fd00::beef");
    expect(v6.subjectAltName).not.toContain("DNS:fd00::beef");
    const named = new X509Certificate(issueServerCertificate(ca, "emulator.test").cert);
    expect(named.checkHost("emulator.test")).toBe("emulator.test");
  });

  it("defaults to the XDG cache directory", () => {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = "/tmp/xdg-test";
    try {
      expect(defaultCaDir()).toBe("/tmp/xdg-test/pulumi-ovh-sms/emulator-ca");
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
