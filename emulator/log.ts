import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { RequestLogEntry } from "./types";

// The API request log that tests read to count and check calls. Bounded so a long demo cannot exhaust memory.

const MAX_ENTRIES = 100_000;

export interface RequestLog {
  /** Logs a finished request that arrived at `started` (performance.now()). */
  add(entry: RequestLogEntry, started?: number): void;
  list(): RequestLogEntry[];
  /** Forgets every request that arrived before now, also those still running. */
  clear(): void;
}

export function createRequestLog(): RequestLog {
  let entries: RequestLogEntry[] = [];
  // A request still running when the log is cleared belongs to what was cleared: a test that clears the log
  // and then counts calls must not see the tail of an earlier test's work.
  let clearedAt = -Infinity;
  return {
    add(entry, started = performance.now()) {
      if (started < clearedAt) return;
      entries.push(entry);
      if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES / 2);
    },
    list: () => entries.map((e) => ({ ...e })),
    clear() {
      entries = [];
      clearedAt = performance.now();
    },
  };
}

/** An entry being filled while its request runs; `started` is performance.now() at arrival. */
export interface OpenEntry {
  entry: RequestLogEntry;
  started: number;
}

/** `path` is what may be logged: callers strip queries that carry credentials (document tokens). */
export function openEntry(method: string, path: string, auth: RequestLogEntry["auth"]): OpenEntry {
  return {
    started: performance.now(),
    entry: { method, path, status: 0, durationMs: 0, time: new Date().toISOString(), auth },
  };
}

/** Sets the final status and the duration (0.01 ms precision is plenty and keeps the log readable). */
export function closeEntry(log: RequestLog, open: OpenEntry, status: number): RequestLogEntry {
  open.entry.status = status;
  open.entry.durationMs = Math.round((performance.now() - open.started) * 100) / 100;
  log.add(open.entry, open.started);
  return open.entry;
}

/**
 * What the log keeps of a consumer key: enough to tell keys apart in tests and demos, never the key itself,
 * since GET /_emulator/requests answers anyone on loopback. The first 4 characters help a human; the hash
 * part cannot be turned back into the key.
 */
export function consumerKeyFingerprint(consumerKey: string): string {
  const digest = createHash("sha256").update(consumerKey).digest("hex").slice(0, 8);
  return `${consumerKey.slice(0, 4)}…${digest}`;
}
