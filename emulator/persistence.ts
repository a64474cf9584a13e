import { promises as fs } from "node:fs";
import { dirname } from "node:path";
import type { State } from "./state/model";
import { fromSnapshot, snapshotJson } from "./state/snapshot";
import { writeAtomic } from "./tls";

// The state file: read once at start, rewritten atomically (temp file + rename) after each change. Saves are
// coalesced: while one write runs, every new request shares a single follow-up write of the latest state.

export async function loadStateFile(file: string): Promise<State | null> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    return fromSnapshot(JSON.parse(text));
  } catch (e) {
    throw new Error(`Cannot load the emulator state file ${file}: ${(e as Error).message}`);
  }
}

export interface Persister {
  /** Resolves once a write that started after this call has completed. */
  save(): Promise<void>;
  /** Resolves once the writes already started (or queued) have completed; starts none. */
  flush(): Promise<void>;
}

export function createPersister(file: string | undefined, current: () => State): Persister {
  if (!file) return { save: () => Promise.resolve(), flush: () => Promise.resolve() };
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const write = async (): Promise<void> => {
    await fs.mkdir(dirname(file), { recursive: true });
    await writeAtomic(file, snapshotJson(current(), 1), 0o600);
  };
  const start = (): Promise<void> => {
    const p = write().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  };
  return {
    save() {
      if (queued) return queued;
      if (!running) return start();
      // The running write may have serialised the state before this change: chain exactly one more.
      const next = running
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return start();
        });
      queued = next;
      return next;
    },
    // The queued write runs after the running one, so waiting for it covers both.
    flush: () => queued ?? running ?? Promise.resolve(),
  };
}
