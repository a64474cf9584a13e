#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startEmulator } from "./server";
import type { SeedDocument } from "./types";

const USAGE = `Usage: ovh-sms-emulator [options]

  --port N               port to listen on (default 8443; 0 = any free port)
  --host HOST            address to bind (default 127.0.0.1)
  --seed FILE            JSON seed document applied to a fresh state
  --state-file FILE      keep the state in FILE (loaded at start, saved after every change)
  --ca-dir DIR           where the CA is kept (default ~/.cache/pulumi-ovh-sms/emulator-ca)
  --clock-offset S       server clock = real clock + S seconds
  --timestamp-window S   accepted signature timestamp skew in seconds (default 300)
  --quiet                no per-request lines, no warnings
  --help                 this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8443" },
      host: { type: "string" },
      seed: { type: "string" },
      "state-file": { type: "string" },
      "ca-dir": { type: "string" },
      "clock-offset": { type: "string" },
      "timestamp-window": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator({
    port: integer(values.port, "--port"),
    host: values.host,
    seed: values.seed ? readSeed(values.seed) : undefined,
    stateFile: values["state-file"],
    caDir: values["ca-dir"],
    clockOffsetSeconds: values["clock-offset"]
      ? integer(values["clock-offset"], "--clock-offset")
      : undefined,
    timestampWindowSeconds: values["timestamp-window"]
      ? integer(values["timestamp-window"], "--timestamp-window")
      : undefined,
    quiet: values.quiet,
    logRequests: !values.quiet,
  });
  process.stdout.write(
    [
      `OVH SMS API emulator listening on ${emulator.origin} (API at ${emulator.endpoint}, control API at ${emulator.origin}/_emulator/)`,
      `CA certificate: ${emulator.caFile}`,
      "Environment for clients:",
      ...emulator.envLines,
      "",
    ].join("\n"),
  );
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal} received, stopping\n`);
    emulator.close().then(
      () => process.exit(0),
      (e: Error) => {
        process.stderr.write(`${e.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

function integer(raw: string, flag: string): number {
  if (!/^-?\d+$/.test(raw)) throw new Error(`${flag} expects an integer, got "${raw}"`);
  return Number(raw);
}

main().catch((e: Error) => {
  process.stderr.write(`ovh-sms-emulator: ${e.message}\n`);
  process.exit(1);
});

/** The seed file's JSON; its schema is checked by the emulator. Errors name the file. */
function readSeed(file: string): SeedDocument {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SeedDocument;
  } catch (error) {
    throw new Error(`--seed ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
