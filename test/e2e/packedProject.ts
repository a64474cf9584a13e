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
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name, private: true, overrides: lockedVersions(["pulumi-ovh-sms", "@pulumi/pulumi"]) }),
  );
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

/**
 * The versions the repository's lockfile chose, for every package it has a single version of. The install
 * is offline (tests reach no registry), so it can only use what the repository's own install put in npm's
 * cache; left free, npm would pick the newest version a range allows (a new `@types/node` published since
 * the lockfile was written needs an `undici-types` nobody fetched) and fail with ENOTCACHED. Packages
 * with several versions in the tree, and the project's direct dependencies, are left to npm.
 */
function lockedVersions(direct: string[]): Record<string, string> {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; link?: boolean }>;
  };
  const versions = new Map<string, Set<string>>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    const at = key.lastIndexOf("node_modules/");
    if (at < 0 || entry.link || !entry.version) continue;
    const name = key.slice(at + "node_modules/".length);
    versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
  }
  return Object.fromEntries(
    [...versions]
      .filter(([name, found]) => found.size === 1 && !direct.includes(name))
      .map(([name, found]) => [name, [...found][0] as string]),
  );
}
