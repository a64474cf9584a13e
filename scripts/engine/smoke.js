// Optional end-to-end check of a bin dir: `pulumi up` of a one-resource dynamic-provider program exercises
// the CLI, the language host and the dynamic-provider plugin together, which `version` checks do not.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { EnsurePulumiError, log, tail } = require("./log");
const { run } = require("./proc");
const { REPO_ROOT } = require("./version");

const PROGRAM = [
  'const pulumi = require("@pulumi/pulumi");',
  "const provider = { async create() { return { id: 'x', outs: { ok: true } }; } };",
  'const r = new pulumi.dynamic.Resource(provider, "smoke", { ok: undefined });',
  "exports.x = 1;",
  "exports.id = r.id;",
  "exports.node = process.version;",
  "",
].join("\n");

async function smokeTest(binDir) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-smoke-"));
  try {
    const prog = path.join(tmp, "prog");
    fs.mkdirSync(prog);
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(prog, "node_modules"));
    fs.writeFileSync(path.join(prog, "Pulumi.yaml"), "name: ensure-pulumi-smoke\nruntime: nodejs\n");
    fs.writeFileSync(path.join(prog, "package.json"), '{"name":"ensure-pulumi-smoke","main":"index.js"}\n');
    fs.writeFileSync(path.join(prog, "index.js"), PROGRAM);
    // Isolated from the user's Pulumi state and credentials; no plugin downloads, so only our bin dir counts.
    const env = {
      ...process.env,
      PATH: [binDir, path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(tmp, "home"),
      PULUMI_BACKEND_URL: `file://${tmp}`,
      PULUMI_CONFIG_PASSPHRASE: "x",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    const pulumi = path.join(binDir, "pulumi");
    const step = async (...args) => {
      const r = await run(pulumi, args, { cwd: prog, env, timeoutMs: 300000 });
      if (r.code !== 0) {
        throw new EnsurePulumiError(
          `smoke test: pulumi ${args.join(" ")} failed:\n${tail(r.stdout + r.stderr, 40)}`,
        );
      }
      return r;
    };
    await step("stack", "init", "dev");
    await step("up", "--yes", "--skip-preview");
    const r = await step("stack", "output", "--json");
    const out = JSON.parse(r.stdout);
    if (out.x !== 1 || out.id !== "x")
      throw new EnsurePulumiError(`smoke test: unexpected outputs ${r.stdout}`);
    log(`smoke test: pulumi up OK (program ran on node ${out.node}; dynamic resource id ${out.id})`);
    await step("destroy", "--yes");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { smokeTest };
