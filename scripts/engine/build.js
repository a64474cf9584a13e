// Building the engine with the local Go toolchain: stage in a temporary directory inside the cache, verify,
// then move into place, so that a cache entry is either complete or absent.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { INSTALL_HINT, EnsurePulumiError, log, fmtElapsed, tail } = require("./log");
const { run } = require("./proc");
const { cliVersion } = require("./version");
const { CACHE_SCHEMA, writeManifest, syncProviderScript } = require("./cache");
const { findGo, openGo, goModInfo, writeWrapperModule } = require("./go");
const { PKG_MOD, SDK_MOD, resolveRelease } = require("./resolve");

const CLI_MAIN = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const VERSION_LDFLAG = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

function buildFlags(version) {
  // More parallel compiles barely help and make the machine unusable meanwhile.
  const parallel =
    process.env.PULUMI_OVH_SMS_GO_PARALLEL || Math.max(1, Math.min(os.availableParallelism(), 4));
  return [
    "-p",
    String(parallel),
    "-trimpath",
    "-tags",
    "osusergo,grpcnotrace",
    "-ldflags",
    `-s -w -X ${VERSION_LDFLAG}=${version}`,
  ];
}

/**
 * With `withCli`, build pulumi and its language host into a new cache entry `root`. Without it, build only
 * the language host into root/bin (next to a user's own `pulumi`, whose version is `cliVersionHint`).
 * The caller holds the lock for `root`.
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
  const prefix = `.tmp-${path.basename(root)}-`;
  for (const d of fs.readdirSync(base)) {
    if (d.startsWith(prefix)) fs.rmSync(path.join(base, d), { recursive: true, force: true });
  }
  const tmp = fs.mkdtempSync(path.join(base, prefix));
  const logFile = path.join(tmp, "build.log");
  const stageRoot = path.join(tmp, "root");
  const stageBin = path.join(stageRoot, "bin");
  fs.mkdirSync(stageBin, { recursive: true });

  // Only the CLI owns the process: a library caller keeps its own signal handling.
  let child = null;
  const onSignal = (sig) => {
    child?.kill("SIGINT");
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      /* exiting anyway; the next build removes it */
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
  const setPhase = (p) => (phase = p);
  const ticker = setInterval(() => log(`  … ${phase} (${fmtElapsed(Date.now() - started)} elapsed)`), 30000);
  ticker.unref();
  const failedLog = path.join(base, "last-failed-build.log");
  let ok = false;
  try {
    const go = await openGo(goBin, { logFile, verbose: opts.verbose, onChild: (c) => (child = c), base });
    log(
      `building ${what} for @pulumi/pulumi v${sdk.version} from the Go module proxy with ${go.version} ` +
        `(first run only, ~5-15 min, ~2 GB of Go module and build caches); log: ${logFile}`,
    );
    const work = path.join(tmp, "work");
    writeWrapperModule(work, "pulumi-ovh-sms.local/engine-build");
    setPhase("resolving versions");
    const release = await resolveRelease(go, work, sdk, cliVersionHint);
    await compile(go, work, stageBin, release, withCli, setPhase);
    syncProviderScript(stageBin, sdk);
    setPhase("verifying");
    const cliPrinted = await verify(stageBin, path.join(tmp, "pulumi-home"), withCli && release.cliVer);

    const { cliVer, langhost } = release;
    const files = {};
    for (const f of fs.readdirSync(stageBin)) files[f] = { size: fs.statSync(path.join(stageBin, f)).size };
    const manifest = {
      schema: CACHE_SCHEMA,
      sdkVersion: sdk.version,
      cli: withCli ? { module: PKG_MOD, version: cliVer, printed: cliPrinted } : null,
      langhost: {
        module: langhost.module,
        package: langhost.package,
        version: langhost.version,
        kind: langhost.kind,
      },
      dynamicProvider: "copied from @pulumi/pulumi " + sdk.version,
      go: go.version,
      goproxy: go.goproxy,
      flags: "-trimpath -tags osusergo,grpcnotrace -ldflags '-s -w -X version.Version=…' CGO_ENABLED=0",
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
      files,
    };
    if (withCli) {
      writeManifest(stageRoot, manifest);
      fs.copyFileSync(logFile, path.join(stageRoot, "build.log"));
      if (fs.existsSync(root)) {
        // Renamed first, so that no reader ever sees a half-deleted entry.
        const old = `${root}.old-${process.pid}-${Date.now()}`;
        fs.renameSync(root, old);
        fs.rmSync(old, { recursive: true, force: true });
      }
      fs.renameSync(stageRoot, root);
    } else {
      fs.mkdirSync(path.join(root, "bin"), { recursive: true });
      const name = "pulumi-language-nodejs";
      fs.renameSync(path.join(stageBin, name), path.join(root, "bin", name));
      writeManifest(root, manifest);
    }
    ok = true;
    log(`built ${what} in ${fmtElapsed(Date.now() - started)} → ${path.join(root, "bin")}`);
  } catch (err) {
    if (err instanceof EnsurePulumiError) err.message += `\n(full Go output: ${failedLog})`;
    try {
      fs.copyFileSync(logFile, failedLog);
    } catch {
      /* no log yet */
    }
    throw err;
  } finally {
    clearInterval(ticker);
    if (opts.cli) {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    if (ok) fs.rmSync(failedLog, { force: true });
  }
}

/**
 * The CLI and a language host module share one wrapper module, so that both get the same dependency
 * versions; a legacy language host (part of an old sdk/v3) needs a module of its own.
 */
async function compile(go, work, binDir, { cliVer, pkgMod, langhost }, withCli, setPhase) {
  const isModule = langhost.kind === "module";
  const cliWork = path.join(work, "cli");
  writeWrapperModule(cliWork, "pulumi-ovh-sms.local/engine-build/cli", pkgMod.replaces);
  const gets = [`${PKG_MOD}@${cliVer}`, `${SDK_MOD}@${cliVer}`];
  if (isModule) {
    go.requireGo(goModInfo(langhost.goMod).go, langhost.module);
    gets.push(`${langhost.module}@${langhost.version}`);
  }
  if (withCli || isModule) {
    setPhase(`fetching modules for ${cliVer}`);
    await go.mustRun(["get", ...gets], cliWork, "go get");
  }
  if (withCli) {
    setPhase(`compiling pulumi ${cliVer}`);
    const out = path.join(binDir, "pulumi");
    await go.mustRun(["build", ...buildFlags(cliVer), "-o", out, CLI_MAIN], cliWork, "building pulumi");
  }

  setPhase("compiling pulumi-language-nodejs");
  let lhWork = cliWork;
  if (!isModule) {
    lhWork = path.join(work, "langhost");
    writeWrapperModule(lhWork, "pulumi-ovh-sms.local/engine-build/langhost");
    go.requireGo(goModInfo(langhost.goMod).go, `${SDK_MOD}@${langhost.version}`);
    await go.mustRun(["get", `${SDK_MOD}@${langhost.version}`], lhWork, "go get (language host)");
  }
  // A module host's own version is a pseudo-version: it reports the CLI release it belongs to instead.
  const args = ["build", ...buildFlags(isModule ? cliVer : langhost.version)];
  args.push("-o", path.join(binDir, "pulumi-language-nodejs"), langhost.package);
  await go.mustRun(args, lhWork, "building pulumi-language-nodejs");
}

/** Run what we built before it can enter the cache; resolves to what the CLI printed (if `cliVer`). */
async function verify(binDir, pulumiHome, cliVer) {
  const env = { ...process.env, PULUMI_HOME: pulumiHome, PULUMI_SKIP_UPDATE_CHECK: "true" };
  let printed = null;
  if (cliVer) {
    printed = await cliVersion(path.join(binDir, "pulumi"), env);
    if (printed !== cliVer)
      throw new EnsurePulumiError(`built pulumi prints version ${printed}, expected ${cliVer}`);
  }
  const lh = await run(path.join(binDir, "pulumi-language-nodejs"), ["-help"], { env, timeoutMs: 30000 });
  if (lh.code !== 0 || !/nodeargs/.test(lh.stdout + lh.stderr)) {
    throw new EnsurePulumiError(
      `built pulumi-language-nodejs does not run (-help exit ${lh.code}):\n${tail(lh.stderr)}`,
    );
  }
  return printed;
}

module.exports = { build };
