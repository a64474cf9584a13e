import { z } from "zod";
import { badRequest, OvhError } from "./errors";
import { globToRegExp } from "./state/credentials";
import type { FaultConfig, FaultMatch } from "./types";

// Injected failures for API routes (never for /_emulator/). Randomness comes from a seeded PRNG so a failing
// test replays the same sequence.

const DEFAULT_SEED = 0x5eed;

const matchSchema = z.strictObject({ method: z.string().optional(), path: z.string().optional() });
const faultSchema = z.strictObject({
  latencyMs: z
    .union([
      z.number().min(0),
      z
        .strictObject({ min: z.number().min(0), max: z.number().min(0) })
        .refine((r) => r.max >= r.min, "max < min"),
    ])
    .optional(),
  errorRate: z.number().min(0).max(1).optional(),
  errorStatus: z.number().int().min(500).max(599).optional(),
  rateLimitRate: z.number().min(0).max(1).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  dropAfterApply: matchSchema
    .extend({ count: z.number().int().min(1).optional(), rate: z.number().min(0).max(1).optional() })
    .optional(),
  echoBody: z.boolean().optional(),
  match: matchSchema.optional(),
  randomSeed: z.number().int().optional(),
});

export interface Faults {
  config: FaultConfig | null;
  random: () => number;
  dropsLeft: number;
}

export interface FaultDecision {
  latencyMs: number;
  /** Answer this instead of running the operation. */
  reply: OvhError | null;
  /** Run the operation, then destroy the connection without answering. */
  drop: boolean;
  /** The configuration a drop was reserved from, so it is given back only to that one. */
  dropFrom?: FaultConfig;
}

export function createFaults(): Faults {
  return { config: null, random: mulberry32(DEFAULT_SEED), dropsLeft: 0 };
}

export function setFaults(faults: Faults, raw: unknown): void {
  const parsed = faultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      `Invalid fault configuration: ${issue ? `${issue.path.join(".")}: ${issue.message}` : ""}`,
    );
  }
  faults.config = parsed.data;
  faults.random = mulberry32(parsed.data.randomSeed ?? DEFAULT_SEED);
  const drop = parsed.data.dropAfterApply;
  faults.dropsLeft = drop ? (drop.count ?? (drop.rate === undefined ? 1 : Infinity)) : 0;
}

export function clearFaults(faults: Faults): void {
  faults.config = null;
  faults.dropsLeft = 0;
}

export function decideFaults(
  faults: Faults,
  method: string,
  apiPath: string,
  fullPath: string,
): FaultDecision {
  const c = faults.config;
  const none: FaultDecision = { latencyMs: 0, reply: null, drop: false };
  if (!c) return none;
  const drop =
    c.dropAfterApply !== undefined &&
    faults.dropsLeft > 0 &&
    matches(c.dropAfterApply, method, apiPath, fullPath) &&
    (c.dropAfterApply.rate === undefined || faults.random() < c.dropAfterApply.rate);
  if (c.match && !matches(c.match, method, apiPath, fullPath)) return reserveDrop(faults, none, drop);
  let latencyMs = 0;
  if (typeof c.latencyMs === "number") latencyMs = c.latencyMs;
  else if (c.latencyMs) latencyMs = c.latencyMs.min + faults.random() * (c.latencyMs.max - c.latencyMs.min);
  if (c.rateLimitRate && faults.random() < c.rateLimitRate) {
    const retryAfter = String(c.retryAfterSeconds ?? 1);
    const reply = new OvhError(
      429,
      "Client::TooManyRequests",
      "Too many requests (emulated fault)",
      undefined,
      undefined,
      {
        "Retry-After": retryAfter,
      },
    );
    return { latencyMs, reply, drop: false };
  }
  if (c.errorRate && faults.random() < c.errorRate) {
    const status = c.errorStatus ?? 503;
    const errorClass = status === 503 ? "Server::ServiceUnavailable" : "Server::InternalServerError";
    return {
      latencyMs,
      reply: new OvhError(status, errorClass, `Emulated server error ${status}`),
      drop: false,
    };
  }
  return reserveDrop(faults, { latencyMs, reply: null, drop: false }, drop);
}

/**
 * A drop is taken from `count` when it is decided, not after the handler ran: parallel requests awaiting
 * latency or their handler would otherwise all see the same `dropsLeft` and all be dropped.
 */
function reserveDrop(faults: Faults, decision: FaultDecision, drop: boolean): FaultDecision {
  if (!drop || !faults.config) return decision;
  faults.dropsLeft--;
  return { ...decision, drop: true, dropFrom: faults.config };
}

/**
 * Drops apply only to operations that succeeded, so a reserved drop whose request failed goes back to
 * `count`, unless the faults were replaced meanwhile (the new configuration has its own count).
 */
export function giveBackDrop(faults: Faults, decision: FaultDecision): void {
  if (decision.drop && decision.dropFrom === faults.config) faults.dropsLeft++;
}

/** With `echoBody`, an error answer to a matching request repeats the request body (message and details). */
export function echoBody(faults: Faults, error: unknown, request: EchoedRequest): unknown {
  const c = faults.config;
  if (!c?.echoBody || !(error instanceof OvhError) || request.body.length === 0) return error;
  if (c.match && !matches(c.match, request.method, request.apiPath, request.fullPath)) return error;
  const text = request.body.toString("utf8");
  return new OvhError(
    error.status,
    error.errorClass,
    `${error.message} (request body: ${text})`,
    error.errorCode,
    { ...error.details, body: text },
    error.headers,
  );
}

export interface EchoedRequest {
  method: string;
  apiPath: string;
  fullPath: string;
  body: Buffer;
}

function matches(m: FaultMatch, method: string, apiPath: string, fullPath: string): boolean {
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (!m.path) return true;
  const re = globToRegExp(m.path);
  return re.test(apiPath) || re.test(fullPath);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
