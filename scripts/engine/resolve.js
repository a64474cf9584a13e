// Which Pulumi release to build, and where its Node.js language host comes from, as served by the Go
// module proxy (which does not serve every release, nor the language host of every release).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { INSTALL_HINT, EnsurePulumiError, log } = require("./log");
const { parseVersion, cmpVersion, forcedVersion } = require("./version");
const { goModInfo } = require("./go");

const PKG_MOD = "github.com/pulumi/pulumi/pkg/v3";
const SDK_MOD = "github.com/pulumi/pulumi/sdk/v3";
const LANGHOST_MOD = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";
/** Before it got a go.mod of its own, the Node.js language host was a package of the sdk/v3 module. */
const LEGACY_LANGHOST_PKG = "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs";
const LEGACY_LANGHOST_SDK_VERSIONS = ["3.68.0"];
/** Each probe is a proxy round trip; an older release than this many steps back is not worth it. */
const MAX_FALLBACK_PROBES = 25;

/**
 * → {cliVer, pkgMod (goModInfo of pkg/v3), langhost {kind, module, package, version, goMod}}.
 * `hint` is the CLI version to match (a user's own pulumi); otherwise the SDK's.
 */
async function resolveRelease(go, cwd, sdk, hint) {
  const pkgRec = await resolveCli(go, cwd, sdk, hint);
  const cliVer = pkgRec.Version;
  const pkgMod = goModInfo(pkgRec.GoMod);
  go.requireGo(pkgMod.go, `${PKG_MOD}@${cliVer}`);
  let langhost = await resolveLanghost(go, cwd, cliVer, pkgRec);
  if (!langhost) {
    langhost = await resolveLegacyLanghost(go, cwd);
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
  return { cliVer, pkgMod, langhost };
}

/**
 * The wanted CLI version, else the newest older release the proxy does serve, down to sdk.minimum.
 * Returns the `go mod download -json` record of pkg/v3.
 */
async function resolveCli(go, cwd, sdk, hint) {
  const forced = forcedVersion();
  const first = (forced || hint || sdk.version).replace(/^v/, "");
  const firstLine = (err) => String(err).split("\n")[0];
  let rec = await go.download(cwd, `${PKG_MOD}@v${first}`);
  if (!rec.Error) return rec;
  if (forced) {
    throw new EnsurePulumiError(
      `PULUMI_OVH_SMS_ENGINE_VERSION=${process.env.PULUMI_OVH_SMS_ENGINE_VERSION}: ${rec.Error}`,
    );
  }
  const tried = [`v${first}: ${firstLine(rec.Error)}`];
  log(`the Go module proxy does not serve ${PKG_MOD}@v${first}; looking for the closest older release…`);
  // pkg/v3 and sdk/v3 are released together, and the proxy lists sdk/v3 versions (not pkg/v3's).
  const candidates = (await go.listVersions(cwd, SDK_MOD))
    .filter((v) => parseVersion(v) && !parseVersion(v).pre)
    .filter((v) => cmpVersion(v, first) < 0 && cmpVersion(v, sdk.minimum) >= 0)
    .sort((a, b) => cmpVersion(b, a))
    .slice(0, MAX_FALLBACK_PROBES);
  for (const v of candidates) {
    rec = await go.download(cwd, `${PKG_MOD}@${v}`);
    if (!rec.Error) {
      log(
        `building ${PKG_MOD}@${v} instead (installed @pulumi/pulumi is v${sdk.version}; set PULUMI_OVH_SMS_ENGINE_VERSION to choose)`,
      );
      return rec;
    }
    tried.push(`${v}: ${firstLine(rec.Error)}`);
  }
  throw new EnsurePulumiError(
    `could not download ${PKG_MOD} from the Go module proxy (${go.goproxy}):\n  ${tried.slice(0, 6).join("\n  ")}` +
      (tried.length > 6 ? `\n  … (${tried.length - 6} more)` : "") +
      `\n${INSTALL_HINT}`,
  );
}

/** The language host module of the same release, by commit pseudo-version (it has no tags of its own). */
async function resolveLanghost(go, cwd, cliVer, pkgRec) {
  const hashes = [];
  const sdkRec = await go.download(cwd, `${SDK_MOD}@${cliVer}`);
  if (!sdkRec.Error && sdkRec.Origin?.Hash) hashes.push(sdkRec.Origin.Hash);
  // pkg/v3's tag sits on the release's "changelog and go.mod updates" commit, right after the release.
  if (pkgRec.Origin?.Hash) hashes.push(pkgRec.Origin.Hash);
  for (const h of new Set(hashes)) {
    const rec = await go.download(cwd, `${LANGHOST_MOD}@${h.slice(0, 12)}`);
    if (!rec.Error && rec.Version) {
      return {
        kind: "module",
        module: LANGHOST_MOD,
        package: LANGHOST_MOD,
        version: rec.Version,
        goMod: rec.GoMod,
      };
    }
  }
  return null;
}

/** PULUMI_OVH_SMS_LANGHOST_SDK (comma-separated sdk/v3 versions) overrides the releases tried here. */
async function resolveLegacyLanghost(go, cwd) {
  const list = (process.env.PULUMI_OVH_SMS_LANGHOST_SDK || LEGACY_LANGHOST_SDK_VERSIONS.join(","))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const v of list.map((s) => s.replace(/^v?/, "v"))) {
    const rec = await go.download(cwd, `${SDK_MOD}@${v}`);
    if (
      !rec.Error &&
      rec.Dir &&
      fs.existsSync(path.join(rec.Dir, "nodejs", "cmd", "pulumi-language-nodejs", "main.go"))
    ) {
      return {
        kind: "legacy-sdk-package",
        module: SDK_MOD,
        package: LEGACY_LANGHOST_PKG,
        version: v,
        goMod: rec.GoMod,
      };
    }
  }
  return null;
}

module.exports = { PKG_MOD, SDK_MOD, resolveRelease };
