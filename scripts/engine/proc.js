// Finding and running programs.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");

function isExecutable(p) {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name, pathEnv = process.env.PATH || "") {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/**
 * Run a command; resolves {code, stdout, stderr} and never rejects on a non-zero exit, because callers
 * report failures with their own context.
 * opts: cwd, env, timeoutMs, logFile (append both streams), echo (copy both streams to our stderr),
 * onChild (receives the child, so that a signal handler can stop it).
 */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env || process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    opts.onChild?.(child);
    const out = { stdout: "", stderr: "" };
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs) : null;
    const sink = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: "a" }) : null;
    sink?.write(`\n$ ${cmd} ${args.join(" ")}\n`);
    for (const stream of ["stdout", "stderr"]) {
      child[stream].on("data", (d) => {
        out[stream] += d;
        sink?.write(d);
        if (opts.echo) process.stderr.write(d);
      });
    }
    child.on("error", (err) => {
      clearTimeout(timer);
      sink?.end();
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const done = () => resolve({ code: code === null ? 128 : code, ...out });
      if (sink) sink.end(done);
      else done();
    });
  });
}

module.exports = { isExecutable, which, run };
