// Messages and errors. stdout is reserved for the bin directory, so everything we say goes to stderr.
"use strict";

const INSTALL_HINT =
  "Install the Pulumi CLI (https://www.pulumi.com/docs/install/ , e.g. `curl -fsSL https://get.pulumi.com | sh`) " +
  "and put it on PATH, or install Go (https://go.dev/dl/) so that ensure-pulumi can build it.";

/** An expected failure: the CLI prints its message alone, without a stack trace. */
class EnsurePulumiError extends Error {}

function log(msg) {
  process.stderr.write(`ensure-pulumi: ${msg}\n`);
}

function fmtElapsed(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function tail(text, lines = 25) {
  return String(text).trimEnd().split("\n").slice(-lines).join("\n");
}

module.exports = { INSTALL_HINT, EnsurePulumiError, log, fmtElapsed, tail };
