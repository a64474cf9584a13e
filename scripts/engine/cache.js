// The cache: where entries live, when one is complete, and the lock that keeps concurrent runs from
// building the same entry twice.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { EnsurePulumiError, log, fmtElapsed } = require("./log");
const { isExecutable } = require("./proc");
const { forcedVersion } = require("./version");

/** Bumped when engine.json or the layout changes, so that older entries get rebuilt. */
const CACHE_SCHEMA = 1;
const BIN_FILES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];
const LOCK_WAIT_MS = 60 * 60 * 1000;

function cacheBase() {
  if (process.env.PULUMI_OVH_SMS_ENGINE_CACHE) return path.resolve(process.env.PULUMI_OVH_SMS_ENGINE_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(xdg, "pulumi-ovh-sms", "pulumi");
}

function isInside(child, parent) {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function writeManifest(root, manifest) {
  fs.writeFileSync(path.join(root, "engine.json"), JSON.stringify(manifest, null, 2) + "\n");
}

/**
 * Complete = a manifest of this schema for this SDK (and for the forced CLI version, if any), and every
 * binary executable with its recorded size, so that an interrupted copy is never mistaken for a build.
 */
function cacheIsComplete(root, sdk) {
  let m;
  try {
    m = JSON.parse(fs.readFileSync(path.join(root, "engine.json"), "utf8"));
  } catch {
    return false;
  }
  if (m.schema !== CACHE_SCHEMA || m.sdkVersion !== sdk.version || !m.files) return false;
  const forced = forcedVersion();
  if (forced && m.cli?.version !== `v${forced}`) return false;
  for (const f of BIN_FILES) {
    const p = path.join(root, "bin", f);
    if (!isExecutable(p)) return false;
    // The provider script is re-synced from the npm package on every run, so its size may change.
    if (f !== "pulumi-resource-pulumi-nodejs" && m.files[f] && fs.statSync(p).size !== m.files[f].size)
      return false;
  }
  return true;
}

/** The dynamic-provider plugin is a tiny sh script shipped in the npm package: keep our copy equal to it. */
function syncProviderScript(binDir, sdk) {
  const src = path.join(sdk.dir, "pulumi-resource-pulumi-nodejs");
  const dst = path.join(binDir, "pulumi-resource-pulumi-nodejs");
  const want = fs.readFileSync(src);
  let have = null;
  try {
    have = fs.readFileSync(dst);
  } catch {
    /* missing */
  }
  if (have && have.equals(want) && isExecutable(dst)) return;
  const tmp = `${dst}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, want, { mode: 0o755 });
  fs.chmodSync(tmp, 0o755); // the umask may have narrowed the mode
  fs.renameSync(tmp, dst);
}

/** A lock directory (mkdir is atomic); resolves to its release function. */
async function acquireLock(lockDir, what) {
  const started = Date.now();
  let lastNote = 0;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(
        path.join(lockDir, "owner.json"),
        JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString() }),
      );
      const release = () => {
        try {
          fs.rmSync(lockDir, { recursive: true, force: true });
        } catch {
          /* the next run finds its owner gone and treats it as stale */
        }
        process.removeListener("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    if (lockIsStale(lockDir)) {
      log(`removing a stale lock ${lockDir}`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    const waited = Date.now() - started;
    if (!lastNote) {
      log(`another ensure-pulumi is building ${what} (lock ${lockDir}); waiting for it…`);
      lastNote = Date.now();
    } else if (Date.now() - lastNote >= 30000) {
      log(`  still waiting for the other build (${fmtElapsed(waited)})`);
      lastNote = Date.now();
    }
    if (waited > LOCK_WAIT_MS) {
      throw new EnsurePulumiError(
        `gave up waiting for the lock ${lockDir} after ${fmtElapsed(waited)}; remove it if no build is running`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function lockIsStale(lockDir) {
  let st;
  try {
    st = fs.statSync(lockDir);
  } catch {
    return false; // gone: the next mkdir will tell
  }
  let owner;
  try {
    owner = JSON.parse(fs.readFileSync(path.join(lockDir, "owner.json"), "utf8"));
  } catch {
    // Either the owner has not written owner.json yet, or it crashed in between: give it a minute.
    return Date.now() - st.mtimeMs > 60 * 1000;
  }
  if (owner.host === os.hostname()) {
    try {
      process.kill(owner.pid, 0);
      return false;
    } catch (e) {
      return e.code === "ESRCH";
    }
  }
  // Another host sharing the cache: its pid means nothing here, so only age can tell.
  return Date.now() - Date.parse(owner.started) > 3 * 60 * 60 * 1000;
}

module.exports = {
  CACHE_SCHEMA,
  cacheBase,
  isInside,
  writeManifest,
  cacheIsComplete,
  syncProviderScript,
  acquireLock,
};
