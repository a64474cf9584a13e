/**
 * What the npm tarball ships, as a user installs it: every file its READMEs link is in it, and installing
 * it runs no script of ours (npm 11 warns about install scripts not covered by the user's allowScripts).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
  });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return pack!.files.map((f) => f.path);
}

describe("the npm package", () => {
  const files = packedFiles();

  it("ships every file its READMEs link to", () => {
    const readmes = files.filter((f) => f.endsWith(".md"));
    expect(readmes).toEqual(
      expect.arrayContaining(["README.md", "emulator/README.md", "emulator/COVERAGE.md"]),
    );
    const missing: string[] = [];
    for (const readme of readmes) {
      const text = fs.readFileSync(path.join(root, readme), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (!target || /^[a-z]+:/.test(target)) continue; // URLs
        const file = path.posix.normalize(path.posix.join(path.posix.dirname(readme), target));
        if (!files.includes(file)) missing.push(`${readme} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("ships no source map pointing at sources it does not ship", () => {
    // The tarball ships dist/ only: a map would send debuggers and stack traces to missing .ts files.
    const shown = execFileSync("npx", ["tsc", "-p", "tsconfig.build.json", "--showConfig"], {
      cwd: root,
      encoding: "utf8",
    });
    const options = (JSON.parse(shown) as { compilerOptions: Record<string, unknown> }).compilerOptions;
    expect(options.sourceMap ?? false).toBe(false);
    expect(options.declarationMap ?? false).toBe(false);
    expect(options.inlineSourceMap ?? false).toBe(false);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it("runs no install script of its own", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    for (const hook of ["preinstall", "install", "postinstall", "prepare"])
      expect(pkg.scripts[hook]).toBeUndefined();
  });
});
