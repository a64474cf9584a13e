import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "../..");

/**
 * A Pulumi project outside the repository with the package installed from its tarball, as users install it
 * (offline, from npm's cache). Returns its folder; the caller removes it.
 */
export function packedProject(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ovh-sms-${name}-`));
  const out = execFileSync("npm", ["pack", "--pack-destination", dir, "--silent"], {
    cwd: root,
    encoding: "utf8",
  });
  const tarball = out.trim().split("\n").pop() as string;
  const pulumiVersion = (
    JSON.parse(fs.readFileSync(path.join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true }));
  execFileSync(
    "npm",
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--silent",
      `./${tarball}`,
      `@pulumi/pulumi@${pulumiVersion}`,
    ],
    { cwd: dir, stdio: "ignore" },
  );
  return dir;
}
