// Public types of the emulator (see docs/CONTRACTS.md). Internal state types live in state/model.ts.

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface AccessRule {
  method: string;
  /** Relative to /1.0, `*` matches any run of characters (including `/`), e.g. `/sms/*`. */
  path: string;
}

export interface SeedDocument {
  customers: Array<{
    nic: string;
    email?: string;
    services?: Array<{
      serviceName: string;
      creditsLeft?: number;
      description?: string;
      status?: "enable" | "disable";
      channel?: "both" | "marketing" | "transactional";
      smpp?: boolean;
      users?: Array<{ login: string; password: string }>;
      senders?: Array<{ sender: string; status?: string; description?: string }>;
    }>;
    applications?: Array<{
      applicationKey: string;
      applicationSecret: string;
      consumerKeys?: Array<{
        consumerKey: string;
        state?: "validated" | "pendingValidation" | "expired" | "refused";
        rules?: AccessRule[];
      }>;
    }>;
    oauth2Clients?: Array<{ clientId: string; clientSecret: string; rules?: AccessRule[] }>;
  }>;
}

export interface FaultMatch {
  method?: string;
  /** Glob with `*`; relative to /1.0 (`/sms/*`) or absolute (`/1.0/sms/*`). */
  path?: string;
}

export interface FaultConfig {
  latencyMs?: number | { min: number; max: number };
  /** 0..1: share of matching requests answered with `errorStatus` without being applied. */
  errorRate?: number;
  errorStatus?: number;
  /** 0..1: share of matching requests answered 429 with Retry-After, not applied. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /**
   * Requests (matching `method`/`path`) that are applied, then answered by destroying the connection.
   * `rate` (0..1) drops that share of them; `count` caps how many are dropped (default 1 without `rate`,
   * unlimited with it).
   */
  dropAfterApply?: { method?: string; path?: string; count?: number; rate?: number };
  /**
   * Error answers to matching requests repeat the request body, in `message` and in `details.body`, as
   * servers that quote the values they refuse do. For tests of client-side redaction.
   */
  echoBody?: boolean;
  /** Restricts latency, errorRate, rateLimitRate and echoBody to these requests (default: every API request). */
  match?: FaultMatch;
  randomSeed?: number;
}

export interface RequestLogEntry {
  method: string;
  /** As received, including /1.0 and the query string (document URLs: path only, their token is a credential). */
  path: string;
  status: number;
  durationMs: number;
  time: string;
  auth: "signature" | "oauth2" | "none";
  /** Fingerprint of the consumer key sent (see `consumerKeyFingerprint`), never the key itself. */
  consumerKey?: string;
  /** Set when a dropAfterApply fault destroyed the connection after the operation was applied. */
  dropped?: true;
  /**
   * The JSON body of a POST or PUT as parsed, so tests can assert exactly what was sent; every `password`
   * value is replaced by "[redacted]" (the log is readable by anyone on loopback).
   */
  body?: unknown;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: SeedDocument;
  stateFile?: string;
  caDir?: string;
  clockOffsetSeconds?: number;
  timestampWindowSeconds?: number;
  quiet?: boolean;
}

/** JSON form of the whole emulator state (the state file has the same shape). */
export interface EmulatorStateSnapshot {
  version: 1;
  customers: Record<string, { nic: string; email: string }>;
  services: Record<string, Record<string, unknown>>;
  applications: Record<string, Record<string, unknown>>;
  consumerKeys: Record<string, Record<string, unknown>>;
  oauth2Clients: Record<string, Record<string, unknown>>;
  accessTokens: Record<string, Record<string, unknown>>;
  documents: Record<string, Record<string, unknown>>;
  counters: { application: number; credential: number };
}

export interface EmulatorControl {
  seed(doc: SeedDocument): void;
  reset(): void;
  state(): EmulatorStateSnapshot;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  setFaults(f: FaultConfig): void;
  clearFaults(): void;
  consume(serviceName: string, login: string | null, credits: number): void;
  addCredits(serviceName: string, credits: number): void;
  moderateSender(serviceName: string, sender: string, status: "enable" | "refused", comment?: string): void;
  /** Validates a consumer key obtained through POST /auth/credential (what the user does on OVH's page). */
  validateCredential(consumerKey: string): void;
  expireTokens(): void;
}

export interface RunningEmulator {
  origin: string;
  endpoint: string;
  host: string;
  port: number;
  caFile: string;
  env: Record<string, string>;
  envLines: string[];
  control: EmulatorControl;
  close(): Promise<void>;
}
