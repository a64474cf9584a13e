#!/usr/bin/env node
// Copyright pulumi-ovh-sms contributors. Apache-2.0.
//
// ensure-pulumi: provide `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` in one bin
// directory, matched to the installed @pulumi/pulumi, and print that directory (only that, on stdout).
//
//   1. A `pulumi` on PATH of a compatible version (major 3, >= MIN_CLI) is used as it is. If its language
//      host or the dynamic-provider plugin is not reachable (next to it or on PATH), a small directory of
//      links is made in the cache with what is missing (engine/path.js).
//   2. Otherwise a cached build is used: <cache>/v<sdk version>/bin (a complete, verified cache is used at
//      once, without running Go; engine/cache.js).
//   3. Otherwise the Go programs are built from the Go module proxy with the local Go toolchain, in a
//      wrapper module outside the repository, into a temporary directory that is renamed into place once
//      verified (engine/build.js). A lock directory keeps two concurrent runs from building twice.
//
// Cache: ${PULUMI_OVH_SMS_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-ovh-sms/pulumi}/v<sdk>/
//   bin/pulumi, bin/pulumi-language-nodejs, bin/pulumi-resource-pulumi-nodejs, engine.json, build.log
// The layout is <root>/bin/… so that Automation API's PulumiCommand.get({ root }) finds <root>/bin/pulumi.
//
// Environment:
//   PULUMI_OVH_SMS_ENGINE_CACHE       cache base directory (versions are sub-directories of it)
//   PULUMI_OVH_SMS_ENGINE_VERSION     build this CLI version instead of the installed SDK's (e.g. 3.259.0)
//   PULUMI_OVH_SMS_IGNORE_PATH=1      do not use a `pulumi` found on PATH
//   PULUMI_OVH_SMS_ENGINE_VERBOSE=1   echo the Go output while building
//   PULUMI_OVH_SMS_GO                 the go command to use (default: `go` on PATH, then /usr/local/go/bin/go)
//   PULUMI_OVH_SMS_GO_PARALLEL        go build -p value (default: min(CPUs, 4))
//   PULUMI_OVH_SMS_LANGHOST_SDK       sdk/v3 versions to take a legacy language host from (default: 3.68.0)
//
// Plain CommonJS, Node >= 20, no dependencies. `require("./ensure-pulumi").ensurePulumi()` returns the bin dir.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { EnsurePulumiError, log } = require("./engine/log");
const { REPO_ROOT, MIN_CLI, sdkInfo } = require("./engine/version");
const { cacheBase, isInside, cacheIsComplete, syncProviderScript, acquireLock } = require("./engine/cache");
const { fromPath } = require("./engine/path");
const { build } = require("./engine/build");
const { smokeTest } = require("./engine/smoke");

/**
 * Provide the engine; resolves to the bin directory holding pulumi, pulumi-language-nodejs and
 * pulumi-resource-pulumi-nodejs (prepend it to PATH; its parent is the `root` for PulumiCommand.get).
 * @param {{force?: boolean, ignorePath?: boolean, verbose?: boolean, quiet?: boolean}} [options]
 * @returns {Promise<string>}
 */
async function ensurePulumi(options = {}) {
  const opts = {
    force: !!options.force,
    ignorePath: options.ignorePath ?? process.env.PULUMI_OVH_SMS_IGNORE_PATH === "1",
    verbose: options.verbose ?? process.env.PULUMI_OVH_SMS_ENGINE_VERBOSE === "1",
    quiet: !!options.quiet,
    cli: !!options.cli, // set by main(): only the CLI may install signal handlers
  };
  const sdk = sdkInfo();
  const base = cacheBase();
  // Inside the repository, Go and the test runners would pick up gigabytes of modules and binaries.
  if (isInside(base, REPO_ROOT)) {
    throw new EnsurePulumiError(
      `the engine cache must be outside the repository (PULUMI_OVH_SMS_ENGINE_CACHE=${base})`,
    );
  }

  if (!opts.ignorePath && !opts.force) {
    const bin = await fromPath(sdk, base, opts);
    if (bin) return bin;
  }

  const root = path.join(base, `v${sdk.version}`);
  const bin = path.join(root, "bin");
  if (!opts.force && cacheIsComplete(root, sdk)) {
    syncProviderScript(bin, sdk);
    return bin;
  }

  fs.mkdirSync(base, { recursive: true });
  const release = await acquireLock(`${root}.lock`, `pulumi for @pulumi/pulumi v${sdk.version}`);
  try {
    // Someone else may have finished it while we waited.
    if (opts.force || !cacheIsComplete(root, sdk)) await build(sdk, { base, root, withCli: true, opts });
  } finally {
    release();
  }
  if (!cacheIsComplete(root, sdk))
    throw new EnsurePulumiError(`the cache ${root} is incomplete after the build`);
  return bin;
}

const FLAGS = ["--force", "--ignore-path", "--verbose", "--smoke-test"];
const USAGE = `usage: scripts/ensure-pulumi [--force] [--ignore-path] [--verbose] [--smoke-test]
Prints the directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs
(built from the Go module proxy on first use, then cached). Everything but that path goes to stderr.
  --force        rebuild the cache entry even if it is complete
  --ignore-path  do not use a pulumi found on PATH (also PULUMI_OVH_SMS_IGNORE_PATH=1)
  --verbose      show the Go output while building (also PULUMI_OVH_SMS_ENGINE_VERBOSE=1)
  --smoke-test   afterwards, run \`pulumi up\` of a one-resource dynamic-provider program`;

async function main(argv) {
  const flags = new Set(argv);
  if (flags.has("-h") || flags.has("--help")) {
    process.stderr.write(USAGE + "\n");
    return 0;
  }
  const unknown = [...flags].find((f) => !FLAGS.includes(f));
  if (unknown) {
    process.stderr.write(`unknown argument ${unknown}\n${USAGE}\n`);
    return 2;
  }
  try {
    const bin = await ensurePulumi({
      force: flags.has("--force"),
      // undefined, not false: without the flag the environment variables decide
      ignorePath: flags.has("--ignore-path") || undefined,
      verbose: flags.has("--verbose") || undefined,
      cli: true,
    });
    if (flags.has("--smoke-test")) await smokeTest(bin);
    process.stdout.write(bin + "\n");
    return 0;
  } catch (err) {
    log(err instanceof EnsurePulumiError ? err.message : err?.stack || String(err));
    return 1;
  }
}

module.exports = { ensurePulumi, smokeTest, cacheBase, MIN_CLI };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
