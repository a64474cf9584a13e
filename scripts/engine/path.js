// Using a `pulumi` the user already has on PATH.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");
const { log } = require("./log");
const { isExecutable, which } = require("./proc");
const { cmpVersion, cliVersion, isCompatible } = require("./version");
const { isInside, syncProviderScript, acquireLock } = require("./cache");
const { build } = require("./build");

/**
 * The bin dir to use for a compatible `pulumi` on PATH, or null. When its language host or the
 * dynamic-provider plugin is not reachable, <base>/path-<hash>/bin gets links to what the user has plus
 * what is missing (the language host is built then).
 */
async function fromPath(sdk, base, opts) {
  const found = which("pulumi");
  if (!found) return null;
  let real;
  try {
    real = fs.realpathSync(found);
  } catch {
    return null;
  }
  // Our own cache, put on PATH by a caller: the cache logic handles that.
  if (isInside(real, fs.existsSync(base) ? fs.realpathSync(base) : base)) return null;
  const version = await cliVersion(found);
  if (!version) {
    log(`ignoring ${found}: \`pulumi version\` did not print a version`);
    return null;
  }
  if (!isCompatible(version, sdk)) {
    log(
      `ignoring ${found} ${version}: need 3.x >= ${sdk.minimum} (installed @pulumi/pulumi is ${sdk.version})`,
    );
    return null;
  }
  if (cmpVersion(version, sdk.version) !== 0 && !opts.quiet) {
    log(
      `using ${found} ${version} (installed @pulumi/pulumi is v${sdk.version}; an exact match is preferred)`,
    );
  }
  const dir = path.dirname(found);
  const near = (n) => (isExecutable(path.join(dir, n)) ? path.join(dir, n) : which(n));
  const langhost = near("pulumi-language-nodejs");
  const dynprov = near("pulumi-resource-pulumi-nodejs");
  // PulumiCommand.get({ root }) wants <root>/bin/pulumi, hence links when the directory is not named bin.
  if (langhost && dynprov && path.basename(dir) === "bin") return dir;

  const key = crypto
    .createHash("sha256")
    .update(`${real}\0${version}\0${sdk.version}`)
    .digest("hex")
    .slice(0, 12);
  const root = path.join(base, `path-${key}`);
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin, { recursive: true });
  link(real, path.join(bin, "pulumi"));
  if (dynprov) link(fs.realpathSync(dynprov), path.join(bin, "pulumi-resource-pulumi-nodejs"));
  else syncProviderScript(bin, sdk);
  if (langhost) link(fs.realpathSync(langhost), path.join(bin, "pulumi-language-nodejs"));
  else if (!isExecutable(path.join(bin, "pulumi-language-nodejs"))) {
    log(`${found} ${version} has no pulumi-language-nodejs next to it or on PATH: building one`);
    const release = await acquireLock(`${root}.lock`, "pulumi-language-nodejs");
    try {
      // Another run may have built it while we waited for the lock.
      if (!isExecutable(path.join(bin, "pulumi-language-nodejs"))) {
        await build(sdk, { base, root, withCli: false, cliVersionHint: version.replace(/^v/, ""), opts });
      }
    } finally {
      release();
    }
  }
  return bin;
}

/** Point `p` at `target`, replacing atomically so that concurrent runs never see it missing. */
function link(target, p) {
  try {
    if (fs.readlinkSync(p) === target) return;
  } catch {
    /* not a link */
  }
  const tmp = `${p}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(target, tmp);
  fs.renameSync(tmp, p);
}

module.exports = { fromPath };
