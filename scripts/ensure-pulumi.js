#!/usr/bin/env node
// Copyright pulumi-ovh-sms contributors. Apache-2.0.
//
// ensure-pulumi: provide `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` in one bin
// directory, matched to the installed @pulumi/pulumi, and print that directory (only that, on stdout).
//
//   1. A `pulumi` on PATH of a compatible version (major 3, >= MIN_CLI) is used as it is. If its language
//      host or the dynamic-provider plugin is not reachable (next to it or on PATH), a small directory of
//      links is made in the cache with what is missing.
//   2. Otherwise a cached build is used: <cache>/v<sdk version>/bin (a complete, verified cache is used at
//      once, without running Go).
//   3. Otherwise the Go programs are built from the Go module proxy with the local Go toolchain, in a
//      wrapper module outside the repository, into a temporary directory that is renamed into place once
//      verified. A lock directory keeps two concurrent runs from building twice.
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
//
// Plain CommonJS, Node >= 20, no dependencies. `require("./ensure-pulumi").ensurePulumi()` returns the bin dir.
"use strict";

const fs = require("node:fs");
const fsp = require("node:fs/promises");
const os = require("node:os");
const path = require("node:path");
const crypto = require("node:crypto");
const { spawn } = require("node:child_process");

const REPO_ROOT = path.resolve(__dirname, "..");
/** Oldest CLI that works with this package: inline-program refresh/destroy need --client (3.181). */
const MIN_CLI = "3.181.0";
const CACHE_SCHEMA = 1;
const PKG_MOD = "github.com/pulumi/pulumi/pkg/v3";
const SDK_MOD = "github.com/pulumi/pulumi/sdk/v3";
const CLI_MAIN = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const LANGHOST_MOD = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";
/** Before it got a go.mod of its own, the Node.js language host was a package of the sdk/v3 module. */
const LEGACY_LANGHOST_PKG = "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs";
const LEGACY_LANGHOST_SDK_VERSIONS = ["3.68.0"];
const VERSION_LDFLAG = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
const MAX_FALLBACK_PROBES = 25;
const LOCK_WAIT_MS = 60 * 60 * 1000;
const INSTALL_HINT =
  "Install the Pulumi CLI (https://www.pulumi.com/docs/install/ , e.g. `curl -fsSL https://get.pulumi.com | sh`) " +
  "and put it on PATH, or install Go (https://go.dev/dl/) so that ensure-pulumi can build it.";

class EnsurePulumiError extends Error {}

// ---------------------------------------------------------------------------------------------------------
// small helpers

function log(msg) {
  process.stderr.write(`ensure-pulumi: ${msg}\n`);
}

function parseVersion(v) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+\S*)?$/.exec(String(v).trim());
  return m ? { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] || "" } : null;
}

/** Compare two x.y.z versions (pre-release sorts before the release). */
function cmpVersion(a, b) {
  const pa = typeof a === "string" ? parseVersion(a) : a;
  const pb = typeof b === "string" ? parseVersion(b) : b;
  for (const k of ["major", "minor", "patch"]) if (pa[k] !== pb[k]) return pa[k] < pb[k] ? -1 : 1;
  if (pa.pre === pb.pre) return 0;
  if (!pa.pre) return 1;
  if (!pb.pre) return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

/** Go version strings: "go1.26.8", "1.25.11", "1.26", "1.26rc1" → [1, 26, 8]. */
function goVersionTuple(v) {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(v));
  return m ? [+m[1], +m[2], m[3] === undefined ? 0 : +m[3]] : [0, 0, 0];
}
function goVersionLess(a, b) {
  const x = goVersionTuple(a);
  const y = goVersionTuple(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

function isExecutable(p) {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name, pathEnv = process.env.PATH || "") {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (isExecutable(p)) return p;
  }
  return null;
}

function fmtElapsed(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Run a command; resolves {code, stdout, stderr} (never rejects on a non-zero exit).
 * opts.logFile: append both streams there; opts.echo: copy both streams to our stderr.
 */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env || process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (opts.onChild) opts.onChild(child);
    let stdout = "";
    let stderr = "";
    let timer = null;
    if (opts.timeoutMs) timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
    const sink = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: "a" }) : null;
    if (sink) sink.write(`\n$ ${cmd} ${args.join(" ")}\n`);
    child.stdout.on("data", (d) => {
      stdout += d;
      if (sink) sink.write(d);
      if (opts.echo) process.stderr.write(d);
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (sink) sink.write(d);
      if (opts.echo) process.stderr.write(d);
    });
    child.on("error", (err) => {
      if (timer) clearTimeout(timer);
      if (sink) sink.end();
      reject(err);
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      const done = () => resolve({ code: code === null ? 128 : code, signal, stdout, stderr });
      if (sink) sink.end(done);
      else done();
    });
  });
}

function tail(text, lines = 25) {
  return String(text).trimEnd().split("\n").slice(-lines).join("\n");
}

// ---------------------------------------------------------------------------------------------------------
// what we need

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
        let minimum = MIN_CLI;
        try {
          const txt = fs.readFileSync(path.join(dir, "automation", "minimumVersion.js"), "utf8");
          const m = /SemVer\("v?([0-9][^"]*)"\)/.exec(txt);
          if (m && parseVersion(m[1]) && cmpVersion(m[1], minimum) > 0) minimum = m[1];
        } catch {
          /* keep MIN_CLI */
        }
        return { version: pkg.version, dir, minimum };
      }
    } catch {
      /* try the next one */
    }
  }
  throw new EnsurePulumiError(
    "@pulumi/pulumi is not installed (looked in " + candidates[0] + "). Run `npm install` first.",
  );
}

function cacheBase() {
  if (process.env.PULUMI_OVH_SMS_ENGINE_CACHE) return path.resolve(process.env.PULUMI_OVH_SMS_ENGINE_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(xdg, "pulumi-ovh-sms", "pulumi");
}

function isInside(child, parent) {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

// ---------------------------------------------------------------------------------------------------------
// the cache

const BIN_FILES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

function readManifest(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, "engine.json"), "utf8"));
  } catch {
    return null;
  }
}

/** A cache entry is complete when its manifest is there and every file has the recorded size and is executable. */
function cacheIsComplete(root, sdk) {
  const m = readManifest(root);
  if (!m || m.schema !== CACHE_SCHEMA || m.sdkVersion !== sdk.version || !m.files) return false;
  const forced = process.env.PULUMI_OVH_SMS_ENGINE_VERSION;
  if (forced && (!m.cli || m.cli.version !== `v${forced.replace(/^v/, "")}`)) return false;
  for (const f of BIN_FILES) {
    const p = path.join(root, "bin", f);
    if (!isExecutable(p)) return false;
    // (the provider script is re-synced from the npm package on every run instead)
    if (f !== "pulumi-resource-pulumi-nodejs" && m.files[f] && fs.statSync(p).size !== m.files[f].size)
      return false;
  }
  return true;
}

/** The dynamic-provider plugin is a tiny sh script shipped in the npm package: keep the cached copy equal to it. */
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
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, dst);
}

// ---------------------------------------------------------------------------------------------------------
// lock (a directory: mkdir is atomic), with stale-lock detection

async function acquireLock(lockDir, what) {
  const started = Date.now();
  let announced = false;
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
          /* ignore */
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
    if (!announced) {
      log(`another ensure-pulumi is building ${what} (lock ${lockDir}); waiting for it…`);
      announced = true;
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
    await sleep(1000);
  }
}

function lockIsStale(lockDir) {
  let st;
  try {
    st = fs.statSync(lockDir);
  } catch {
    return false; // gone: the next mkdir will tell
  }
  let owner = null;
  try {
    owner = JSON.parse(fs.readFileSync(path.join(lockDir, "owner.json"), "utf8"));
  } catch {
    // created but owner not written yet, or a crash in between
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
  return Date.now() - Date.parse(owner.started) > 3 * 60 * 60 * 1000;
}

// ---------------------------------------------------------------------------------------------------------
// a pulumi already on PATH

async function cliVersion(pulumiPath, env) {
  try {
    const r = await run(pulumiPath, ["version"], {
      env: { ...(env || process.env), PULUMI_SKIP_UPDATE_CHECK: "true" },
      timeoutMs: 60000,
    });
    if (r.code !== 0) return null;
    const v = r.stdout.trim().split(/\s+/)[0];
    return parseVersion(v) ? v.replace(/^v?/, "v") : null;
  } catch {
    return null;
  }
}

async function fromPath(sdk, base, opts) {
  const found = which("pulumi");
  if (!found) return null;
  let real;
  try {
    real = fs.realpathSync(found);
  } catch {
    return null;
  }
  // Our own cache put on PATH by a caller: the cache logic handles it.
  if (isInside(real, fs.existsSync(base) ? fs.realpathSync(base) : base)) return null;
  const version = await cliVersion(found);
  if (!version) {
    log(`ignoring ${found}: \`pulumi version\` did not print a version`);
    return null;
  }
  const pv = parseVersion(version);
  if (pv.major !== 3 || cmpVersion(pv, sdk.minimum) < 0) {
    log(
      `ignoring ${found} ${version}: need 3.x >= ${sdk.minimum} (installed @pulumi/pulumi is ${sdk.version})`,
    );
    return null;
  }
  if (cmpVersion(pv, sdk.version) !== 0 && !opts.quiet) {
    log(
      `using ${found} ${version} (installed @pulumi/pulumi is v${sdk.version}; an exact match is preferred)`,
    );
  }
  const dir = path.dirname(found);
  const near = (n) => (isExecutable(path.join(dir, n)) ? path.join(dir, n) : which(n));
  const langhost = near("pulumi-language-nodejs");
  const dynprov = near("pulumi-resource-pulumi-nodejs");
  if (langhost && dynprov && path.basename(dir) === "bin") return dir;

  // Make <base>/path-<hash>/bin with links to what the user has, plus what is missing.
  const key = crypto
    .createHash("sha256")
    .update(`${real}\0${version}\0${sdk.version}`)
    .digest("hex")
    .slice(0, 12);
  const root = path.join(base, `path-${key}`);
  const bin = path.join(root, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const link = (target, name) => {
    const p = path.join(bin, name);
    try {
      if (fs.readlinkSync(p) === target) return;
    } catch {
      /* not a link */
    }
    const tmp = `${p}.tmp-${process.pid}`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, p);
  };
  link(real, "pulumi");
  if (dynprov) link(fs.realpathSync(dynprov), "pulumi-resource-pulumi-nodejs");
  else syncProviderScript(bin, sdk);
  if (langhost) link(fs.realpathSync(langhost), "pulumi-language-nodejs");
  else if (!isExecutable(path.join(bin, "pulumi-language-nodejs"))) {
    log(`${found} ${version} has no pulumi-language-nodejs next to it or on PATH: building one`);
    const release = await acquireLock(`${root}.lock`, "pulumi-language-nodejs");
    try {
      if (!isExecutable(path.join(bin, "pulumi-language-nodejs"))) {
        await build(sdk, { base, root, withCli: false, cliVersionHint: version.replace(/^v/, ""), opts });
      }
    } finally {
      release();
    }
  }
  return bin;
}

// ---------------------------------------------------------------------------------------------------------
// Go

function findGo() {
  const env = process.env.PULUMI_OVH_SMS_GO;
  if (env) return isExecutable(env) ? env : which(env);
  return which("go") || (isExecutable("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : null);
}

class GoEnv {
  constructor(goBin, logFile, opts) {
    this.go = goBin;
    this.logFile = logFile;
    this.echo = !!opts.verbose;
    this.onChild = opts.onChild;
    this.env = { ...process.env };
  }

  async init() {
    const r = await run(
      this.go,
      ["env", "-json", "GOVERSION", "GOFLAGS", "GOPATH", "GOMODCACHE", "GOTOOLCHAIN", "GOPROXY"],
      {
        logFile: this.logFile,
      },
    );
    if (r.code !== 0) throw new EnsurePulumiError(`\`${this.go} env\` failed:\n${tail(r.stderr)}`);
    const e = JSON.parse(r.stdout);
    this.version = e.GOVERSION;
    // -mod=mod: the wrapper module's go.mod/go.sum are completed by the go command itself.
    const flags = (e.GOFLAGS || "").split(/\s+/).filter((f) => f && !/^-mod=/.test(f));
    this.env.GOFLAGS = [...flags, "-mod=mod"].join(" ");
    this.env.CGO_ENABLED = "0";
    // Keep the user's GOPATH/GOMODCACHE; only when Go has none (no HOME) give it one in our cache.
    if (!process.env.GOPATH && !process.env.GOMODCACHE && !e.GOPATH) {
      this.env.GOPATH = path.join(cacheBase(), "gopath");
    }
    this.gomodcache = e.GOMODCACHE || path.join(this.env.GOPATH || e.GOPATH, "pkg", "mod");
    this.gotoolchain = e.GOTOOLCHAIN;
    this.goproxy = e.GOPROXY;
    fs.appendFileSync(
      this.logFile,
      `# ${e.GOVERSION} GOFLAGS=${this.env.GOFLAGS} GOTOOLCHAIN=${this.env.GOTOOLCHAIN || e.GOTOOLCHAIN} ` +
        `GOMODCACHE=${this.gomodcache} GOPROXY=${e.GOPROXY}\n`,
    );
    return this;
  }

  /** Make sure the toolchain is new enough for `goDirective`: switch to GOTOOLCHAIN=auto when it is not. */
  requireGo(goDirective, what) {
    if (!goDirective || !goVersionLess(this.version, `go${goDirective}`)) return;
    if (this.env.GOTOOLCHAIN !== "auto") {
      log(
        `${what} needs go ${goDirective}, local Go is ${this.version}: using GOTOOLCHAIN=auto (fetched through the module proxy)`,
      );
      this.env.GOTOOLCHAIN = "auto";
    }
  }

  run(args, cwd, extra = {}) {
    return run(this.go, args, {
      cwd,
      env: this.env,
      logFile: this.logFile,
      echo: this.echo,
      onChild: this.onChild,
      ...extra,
    });
  }

  /** `go mod download -json mod@version` → parsed JSON (with .Error on failure). */
  async download(cwd, modVersion) {
    const r = await this.run(["mod", "download", "-json", modVersion], cwd);
    try {
      return JSON.parse(r.stdout);
    } catch {
      return { Error: tail(r.stderr || r.stdout, 5) || `go mod download failed (${r.code})` };
    }
  }

  async listVersions(cwd, mod) {
    const r = await this.run(["list", "-m", "-versions", mod], cwd);
    if (r.code !== 0) return [];
    return r.stdout.trim().split(/\s+/).slice(1);
  }
}

function goModInfo(goModPath) {
  const text = fs.readFileSync(goModPath, "utf8");
  const go = (/^go\s+(\S+)/m.exec(text) || [])[1] || null;
  // Module-to-module replaces (e.g. the clipboard fork) — local-path replaces (=> ../sdk) do not apply outside.
  const replaces = [];
  const add = (line) => {
    const m = /^\s*(\S+)(?:\s+(\S+))?\s+=>\s+(\S+)\s+(v\S+)\s*$/.exec(line.replace(/\/\/.*$/, ""));
    if (m && !m[3].startsWith(".") && !m[3].startsWith("/")) {
      replaces.push(`${m[1]}${m[2] ? " " + m[2] : ""} => ${m[3]} ${m[4]}`);
    }
  };
  for (const m of text.matchAll(/^replace\s+\(\s*\n([\s\S]*?)^\)/gm)) m[1].split("\n").forEach(add);
  for (const m of text.matchAll(/^replace\s+([^(\n].*)$/gm)) add(m[1]);
  return { go, replaces };
}

function writeWrapperModule(dir, name, replaces) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const lines = [
    "// Generated by pulumi-ovh-sms scripts/ensure-pulumi.js: builds the Pulumi engine from the Go module proxy.",
    `module ${name}`,
    "",
    "go 1.21",
    "",
    ...replaces.map((r) => `replace ${r}`),
    "",
  ];
  fs.writeFileSync(path.join(dir, "go.mod"), lines.join("\n"));
}

/**
 * Which CLI version to build: the SDK's, else (when the module proxy does not serve it) the newest
 * older release it does serve, down to sdk.minimum. Returns the `go mod download -json` record of pkg/v3.
 */
async function resolveCli(goenv, cwd, sdk, hint) {
  const forced = process.env.PULUMI_OVH_SMS_ENGINE_VERSION;
  const first = (forced || hint || sdk.version).replace(/^v/, "");
  const tried = [];
  let rec = await goenv.download(cwd, `${PKG_MOD}@v${first}`);
  if (!rec.Error) return rec;
  tried.push(`v${first}: ${String(rec.Error).split("\n")[0]}`);
  if (forced) throw new EnsurePulumiError(`PULUMI_OVH_SMS_ENGINE_VERSION=${forced}: ${rec.Error}`);
  log(`the Go module proxy does not serve ${PKG_MOD}@v${first}; looking for the closest older release…`);
  // pkg/v3 and sdk/v3 are released together, and the proxy lists sdk/v3 versions.
  const candidates = (await goenv.listVersions(cwd, SDK_MOD))
    .filter((v) => parseVersion(v) && !parseVersion(v).pre)
    .filter((v) => cmpVersion(v, first) < 0 && cmpVersion(v, sdk.minimum) >= 0)
    .sort((a, b) => cmpVersion(b, a))
    .slice(0, MAX_FALLBACK_PROBES);
  for (const v of candidates) {
    rec = await goenv.download(cwd, `${PKG_MOD}@${v}`);
    if (!rec.Error) {
      log(
        `building ${PKG_MOD}@${v} instead (installed @pulumi/pulumi is v${sdk.version}; set PULUMI_OVH_SMS_ENGINE_VERSION to choose)`,
      );
      return rec;
    }
    tried.push(`${v}: ${String(rec.Error).split("\n")[0]}`);
  }
  throw new EnsurePulumiError(
    `could not download ${PKG_MOD} from the Go module proxy (${goenv.goproxy}):\n  ${tried.slice(0, 6).join("\n  ")}` +
      (tried.length > 6 ? `\n  … (${tried.length - 6} more)` : "") +
      `\n${INSTALL_HINT}`,
  );
}

/** The language host of the same release, by commit pseudo-version (it has no tags of its own). */
async function resolveLanghost(goenv, cwd, cliVersion, pkgRec) {
  const hashes = [];
  const sdkRec = await goenv.download(cwd, `${SDK_MOD}@${cliVersion}`);
  if (!sdkRec.Error && sdkRec.Origin && sdkRec.Origin.Hash) hashes.push(sdkRec.Origin.Hash);
  // pkg/v3's tag sits on the release's "changelog and go.mod updates" commit, right after the release.
  if (pkgRec.Origin && pkgRec.Origin.Hash) hashes.push(pkgRec.Origin.Hash);
  for (const h of [...new Set(hashes)]) {
    const rec = await goenv.download(cwd, `${LANGHOST_MOD}@${h.slice(0, 12)}`);
    if (!rec.Error && rec.Version)
      return { kind: "module", module: LANGHOST_MOD, version: rec.Version, goMod: rec.GoMod };
  }
  return null;
}

async function resolveLegacyLanghost(goenv, cwd) {
  const list = (process.env.PULUMI_OVH_SMS_LANGHOST_SDK || LEGACY_LANGHOST_SDK_VERSIONS.join(",")).split(",");
  for (const v of list.map((s) => s.trim().replace(/^v?/, "v")).filter(Boolean)) {
    const rec = await goenv.download(cwd, `${SDK_MOD}@${v}`);
    if (
      !rec.Error &&
      rec.Dir &&
      fs.existsSync(path.join(rec.Dir, "nodejs", "cmd", "pulumi-language-nodejs", "main.go"))
    ) {
      return {
        kind: "legacy-sdk-package",
        module: SDK_MOD,
        version: v,
        package: LEGACY_LANGHOST_PKG,
        goMod: rec.GoMod,
      };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// the build

/**
 * Build into <base>/.tmp-…/root, verify, then rename to `root` (withCli) — or, without the CLI, build only
 * the language host straight into root/bin (used next to a user's own `pulumi`).
 */
async function build(sdk, { base, root, withCli, cliVersionHint, opts }) {
  const goBin = findGo();
  if (!goBin) {
    throw new EnsurePulumiError(
      `no \`pulumi\` CLI (3.x >= ${sdk.minimum}) on PATH and no Go toolchain to build one. ${INSTALL_HINT}`,
    );
  }
  fs.mkdirSync(base, { recursive: true });
  // We hold the lock for `root`: any staging directory left for it is from a run that was killed.
  for (const d of fs.readdirSync(base)) {
    if (d.startsWith(`.tmp-${path.basename(root)}-`))
      fs.rmSync(path.join(base, d), { recursive: true, force: true });
  }
  const tmp = fs.mkdtempSync(path.join(base, `.tmp-${path.basename(root)}-`));
  const logFile = path.join(tmp, "build.log");
  const stageRoot = path.join(tmp, "root");
  const stageBin = path.join(stageRoot, "bin");
  fs.mkdirSync(stageBin, { recursive: true });

  let child = null;
  const onSignal = (sig) => {
    if (child) child.kill("SIGINT");
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  if (opts.cli) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  const started = Date.now();
  const what = withCli ? "pulumi and pulumi-language-nodejs" : "pulumi-language-nodejs";
  let phase = "preparing";
  const ticker = setInterval(() => log(`  … ${phase} (${fmtElapsed(Date.now() - started)} elapsed)`), 30000);
  ticker.unref();
  let ok = false;
  try {
    const goenv = await new GoEnv(goBin, logFile, { ...opts, onChild: (c) => (child = c) }).init();
    log(
      `building ${what} for @pulumi/pulumi v${sdk.version} from the Go module proxy with ${goenv.version} ` +
        `(first run only, ~5-15 min, ~2 GB of Go module and build caches); log: ${logFile}`,
    );
    const work = path.join(tmp, "work");
    writeWrapperModule(work, "pulumi-ovh-sms.local/engine-build", []);

    phase = "resolving versions";
    const pkgRec = await resolveCli(goenv, work, sdk, cliVersionHint);
    const cliVer = pkgRec.Version;
    const pkgMod = goModInfo(pkgRec.GoMod);
    goenv.requireGo(pkgMod.go, `${PKG_MOD}@${cliVer}`);
    let langhost = await resolveLanghost(goenv, work, cliVer, pkgRec);
    if (!langhost) {
      langhost = await resolveLegacyLanghost(goenv, work);
      if (!langhost) {
        throw new EnsurePulumiError(
          `the Go module proxy serves neither ${LANGHOST_MOD} for ${cliVer} nor an sdk/v3 release that still ` +
            `contains the Node.js language host. ${INSTALL_HINT}`,
        );
      }
      log(
        `${LANGHOST_MOD} for ${cliVer} is not on the Go module proxy: using the language host package of ` +
          `${SDK_MOD}@${langhost.version} (the last layout where it was part of the SDK module)`,
      );
    }
    const buildFlags = (version) => [
      "-p",
      String(
        process.env.PULUMI_OVH_SMS_GO_PARALLEL ||
          Math.max(1, Math.min((os.availableParallelism || (() => os.cpus().length))(), 4)),
      ),
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      "-ldflags",
      `-s -w -X ${VERSION_LDFLAG}=${version}`,
    ];
    const mustRun = async (args, cwd, label) => {
      const r = await goenv.run(args, cwd);
      if (r.code !== 0)
        throw new EnsurePulumiError(`${label} failed (go ${args.join(" ")}):\n${tail(r.stderr || r.stdout)}`);
      return r;
    };

    // 1. CLI (and, when the language host module exists for the release, the host too) in one module.
    const cliWork = path.join(work, "cli");
    writeWrapperModule(cliWork, "pulumi-ovh-sms.local/engine-build/cli", pkgMod.replaces);
    const gets = [`${PKG_MOD}@${cliVer}`, `${SDK_MOD}@${cliVer}`];
    if (langhost.kind === "module") {
      goenv.requireGo(goModInfo(langhost.goMod).go, langhost.module);
      gets.push(`${langhost.module}@${langhost.version}`);
    }
    if (withCli || langhost.kind === "module") {
      phase = `fetching modules for ${cliVer}`;
      await mustRun(["get", ...gets], cliWork, "go get");
    }
    if (withCli) {
      phase = `compiling pulumi ${cliVer}`;
      await mustRun(
        ["build", ...buildFlags(cliVer), "-o", path.join(stageBin, "pulumi"), CLI_MAIN],
        cliWork,
        "building pulumi",
      );
    }
    // 2. Language host.
    phase = "compiling pulumi-language-nodejs";
    if (langhost.kind === "module") {
      await mustRun(
        [
          "build",
          ...buildFlags(cliVer),
          "-o",
          path.join(stageBin, "pulumi-language-nodejs"),
          langhost.module,
        ],
        cliWork,
        "building pulumi-language-nodejs",
      );
    } else {
      const lhWork = path.join(work, "langhost");
      writeWrapperModule(lhWork, "pulumi-ovh-sms.local/engine-build/langhost", []);
      goenv.requireGo(goModInfo(langhost.goMod).go, `${SDK_MOD}@${langhost.version}`);
      await mustRun(["get", `${SDK_MOD}@${langhost.version}`], lhWork, "go get (language host)");
      await mustRun(
        [
          "build",
          ...buildFlags(langhost.version),
          "-o",
          path.join(stageBin, "pulumi-language-nodejs"),
          langhost.package,
        ],
        lhWork,
        "building pulumi-language-nodejs",
      );
    }
    syncProviderScript(stageBin, sdk);

    // 3. Verify.
    phase = "verifying";
    const vEnv = {
      ...process.env,
      PULUMI_HOME: path.join(tmp, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    let cliPrinted = null;
    if (withCli) {
      cliPrinted = await cliVersion(path.join(stageBin, "pulumi"), vEnv);
      if (cliPrinted !== cliVer) {
        throw new EnsurePulumiError(`built pulumi prints version ${cliPrinted}, expected ${cliVer}`);
      }
    }
    const lh = await run(path.join(stageBin, "pulumi-language-nodejs"), ["-help"], {
      env: vEnv,
      timeoutMs: 30000,
    });
    if (lh.code !== 0 || !/nodeargs/.test(lh.stdout + lh.stderr)) {
      throw new EnsurePulumiError(
        `built pulumi-language-nodejs does not run (-help exit ${lh.code}):\n${tail(lh.stderr)}`,
      );
    }

    const files = {};
    for (const f of fs.readdirSync(stageBin)) files[f] = { size: fs.statSync(path.join(stageBin, f)).size };
    const manifest = {
      schema: CACHE_SCHEMA,
      sdkVersion: sdk.version,
      cli: withCli ? { module: PKG_MOD, version: cliVer, printed: cliPrinted } : null,
      langhost: {
        module: langhost.module,
        package: langhost.package || langhost.module,
        version: langhost.version,
        kind: langhost.kind,
      },
      dynamicProvider: "copied from @pulumi/pulumi " + sdk.version,
      go: goenv.version,
      goproxy: goenv.goproxy,
      flags: "-trimpath -tags osusergo,grpcnotrace -ldflags '-s -w -X version.Version=…' CGO_ENABLED=0",
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
      files,
    };
    fs.writeFileSync(path.join(stageRoot, "engine.json"), JSON.stringify(manifest, null, 2) + "\n");
    fs.copyFileSync(logFile, path.join(stageRoot, "build.log"));

    // 4. Move into place.
    if (withCli) {
      if (fs.existsSync(root)) {
        const old = `${root}.old-${process.pid}-${Date.now()}`;
        fs.renameSync(root, old);
        fs.rmSync(old, { recursive: true, force: true });
      }
      fs.renameSync(stageRoot, root);
    } else {
      fs.mkdirSync(path.join(root, "bin"), { recursive: true });
      fs.renameSync(
        path.join(stageBin, "pulumi-language-nodejs"),
        path.join(root, "bin", "pulumi-language-nodejs"),
      );
      fs.writeFileSync(path.join(root, "engine.json"), JSON.stringify(manifest, null, 2) + "\n");
    }
    ok = true;
    log(`built ${what} in ${fmtElapsed(Date.now() - started)} → ${path.join(root, "bin")}`);
  } catch (err) {
    if (err instanceof EnsurePulumiError)
      err.message += `\n(full Go output: ${path.join(base, "last-failed-build.log")})`;
    try {
      fs.copyFileSync(logFile, path.join(base, "last-failed-build.log"));
    } catch {
      /* ignore */
    }
    throw err;
  } finally {
    clearInterval(ticker);
    if (opts.cli) {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    if (ok) fs.rmSync(path.join(base, "last-failed-build.log"), { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// entry points

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
    cli: !!options.cli,
  };
  const sdk = sdkInfo();
  const base = cacheBase();
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
    if (opts.force || !cacheIsComplete(root, sdk)) {
      await build(sdk, { base, root, withCli: true, opts });
      opts.force = false;
    }
  } finally {
    release();
  }
  if (!cacheIsComplete(root, sdk))
    throw new EnsurePulumiError(`the cache ${root} is incomplete after the build`);
  return bin;
}

/** Optional end-to-end check: `pulumi up` of a one-resource dynamic-provider program (language host + plugin). */
async function smokeTest(binDir) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-smoke-"));
  try {
    const prog = path.join(tmp, "prog");
    fs.mkdirSync(prog);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(prog, "node_modules"));
    fs.writeFileSync(path.join(prog, "Pulumi.yaml"), "name: ensure-pulumi-smoke\nruntime: nodejs\n");
    fs.writeFileSync(path.join(prog, "package.json"), '{"name":"ensure-pulumi-smoke","main":"index.js"}\n');
    fs.writeFileSync(
      path.join(prog, "index.js"),
      [
        'const pulumi = require("@pulumi/pulumi");',
        "const provider = { async create() { return { id: 'x', outs: { ok: true } }; } };",
        'const r = new pulumi.dynamic.Resource(provider, "smoke", { ok: undefined });',
        "exports.x = 1;",
        "exports.id = r.id;",
        "exports.node = process.version;",
        "",
      ].join("\n"),
    );
    const nodeBinDir = path.join(REPO_ROOT, "node_modules", ".bin");
    const env = {
      ...process.env,
      PATH: [binDir, nodeBinDir, process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(tmp, "home"),
      PULUMI_BACKEND_URL: `file://${tmp}`,
      PULUMI_CONFIG_PASSPHRASE: "x",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    const pulumi = path.join(binDir, "pulumi");
    for (const args of [
      ["stack", "init", "dev"],
      ["up", "--yes", "--skip-preview"],
      ["stack", "output", "--json"],
      ["destroy", "--yes"],
    ]) {
      const r = await run(pulumi, args, { cwd: prog, env, timeoutMs: 300000 });
      if (r.code !== 0)
        throw new EnsurePulumiError(
          `smoke test: pulumi ${args.join(" ")} failed:\n${tail(r.stdout + r.stderr, 40)}`,
        );
      if (args[0] === "stack" && args[1] === "output") {
        const out = JSON.parse(r.stdout);
        if (out.x !== 1 || out.id !== "x")
          throw new EnsurePulumiError(`smoke test: unexpected outputs ${r.stdout}`);
        log(`smoke test: pulumi up OK (program ran on node ${out.node}; dynamic resource id ${out.id})`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

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
  for (const f of flags) {
    if (!["--force", "--ignore-path", "--verbose", "--smoke-test"].includes(f)) {
      process.stderr.write(`unknown argument ${f}\n${USAGE}\n`);
      return 2;
    }
  }
  try {
    const bin = await ensurePulumi({
      force: flags.has("--force"),
      ignorePath: flags.has("--ignore-path") || undefined,
      verbose: flags.has("--verbose") || undefined,
      cli: true,
    });
    if (flags.has("--smoke-test")) await smokeTest(bin);
    process.stdout.write(bin + "\n");
    return 0;
  } catch (err) {
    log(err instanceof EnsurePulumiError ? err.message : err && err.stack ? err.stack : String(err));
    return 1;
  }
}

module.exports = { ensurePulumi, smokeTest, cacheBase, MIN_CLI };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
