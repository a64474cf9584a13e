import type { Faults } from "./faults";
import type { RequestLog } from "./log";
import type { Clock, State } from "./state/model";

/** What the request handlers share: the state, the clock and the machinery around them. */
export interface Core {
  state: State;
  clock: Clock;
  /** https://127.0.0.1:PORT, known once the server listens. */
  origin: string;
  host: string;
  port: number;
  timestampWindowSeconds: number;
  /** Silences warnings on stderr (unknown routes…). */
  quiet: boolean;
  /** One stdout line per API request (the CLI's default). */
  logRequests: boolean;
  log: RequestLog;
  faults: Faults;
  /** Resolves once the state (as it is now) is on disk; a no-op without a state file. */
  persist(): Promise<void>;
  /** Resolves once the saves already started are on disk; starts none (a no-op when none is running). */
  flushed(): Promise<void>;
}
