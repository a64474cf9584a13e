// Which engine version we need, and whether a given CLI is compatible with it.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { EnsurePulumiError } = require("./log");
const { run } = require("./proc");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Oldest CLI that works with this package: inline-program refresh/destroy need --client (3.181). */
const MIN_CLI = "3.181.0";

function parseVersion(v) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+\S*)?$/.exec(String(v).trim());
  return m ? { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] || "" } : null;
}

/** Compare two x.y.z versions, given as strings or parsed (a pre-release sorts before its release). */
function cmpVersion(a, b) {
  const pa = typeof a === "string" ? parseVersion(a) : a;
  const pb = typeof b === "string" ? parseVersion(b) : b;
  for (const k of ["major", "minor", "patch"]) if (pa[k] !== pb[k]) return pa[k] < pb[k] ? -1 : 1;
  if (pa.pre === pb.pre) return 0;
  if (!pa.pre) return 1;
  if (!pb.pre) return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

/** Go spells its versions "go1.26.8", "1.25.11", "1.26" or "1.26rc1"; a missing patch counts as 0. */
function goVersionLess(a, b) {
  const tuple = (v) => {
    const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(v));
    return m ? [+m[1], +m[2], m[3] === undefined ? 0 : +m[3]] : [0, 0, 0];
  };
  const x = tuple(a);
  const y = tuple(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

/** PULUMI_OVH_SMS_ENGINE_VERSION without a leading "v", or null. */
function forcedVersion() {
  const v = process.env.PULUMI_OVH_SMS_ENGINE_VERSION;
  return v ? v.replace(/^v/, "") : null;
}

/**
 * The installed @pulumi/pulumi: {version, dir, minimum}. `minimum` is the newer of MIN_CLI and the SDK's
 * own Automation API minimum, because PulumiCommand refuses anything older.
 */
function sdkInfo() {
  const candidates = [path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json")];
  try {
    candidates.push(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd(), REPO_ROOT] }));
  } catch {
    /* not resolvable that way */
  }
  for (const p of candidates) {
    try {
      const pkg = JSON.parse(fs.readFileSync(p, "utf8"));
      if (pkg.name === "@pulumi/pulumi" && parseVersion(pkg.version)) {
        const dir = path.dirname(p);
        return { version: pkg.version, dir, minimum: sdkMinimum(dir) };
      }
    } catch {
      /* try the next one */
    }
  }
  throw new EnsurePulumiError(
    "@pulumi/pulumi is not installed (looked in " + candidates[0] + "). Run `npm install` first.",
  );
}

function sdkMinimum(sdkDir) {
  try {
    const txt = fs.readFileSync(path.join(sdkDir, "automation", "minimumVersion.js"), "utf8");
    const m = /SemVer\("v?([0-9][^"]*)"\)/.exec(txt);
    if (m && parseVersion(m[1]) && cmpVersion(m[1], MIN_CLI) > 0) return m[1];
  } catch {
    /* an SDK without that file: MIN_CLI */
  }
  return MIN_CLI;
}

/** What `pulumi version` prints, normalised to "vX.Y.Z", or null when it does not run or print one. */
async function cliVersion(pulumiPath, env = process.env) {
  try {
    const r = await run(pulumiPath, ["version"], {
      env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      timeoutMs: 60000,
    });
    if (r.code !== 0) return null;
    const v = r.stdout.trim().split(/\s+/)[0];
    return parseVersion(v) ? v.replace(/^v?/, "v") : null;
  } catch {
    return null;
  }
}

function isCompatible(version, sdk) {
  const pv = parseVersion(version);
  return pv.major === 3 && cmpVersion(pv, sdk.minimum) >= 0;
}

module.exports = {
  REPO_ROOT,
  MIN_CLI,
  parseVersion,
  cmpVersion,
  goVersionLess,
  forcedVersion,
  sdkInfo,
  cliVersion,
  isCompatible,
};
