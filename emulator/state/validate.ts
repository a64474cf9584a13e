import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { badRequest } from "../errors";

// Request-body helpers shared by the business rules. Messages name the field so a client can fix its call.

export function asObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest(`Invalid body for ${what}: a JSON object is expected`);
  }
  return body as Record<string, unknown>;
}

/** node-ovh drops null parameters and the control panel sends explicit nulls: on creation both mean "absent". */
export function dropNulls(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
}

/**
 * Splits an update body: read-only fields sent with their current value are ignored, with another value they
 * are refused (naming the field); unknown fields are refused. Returns the writable part.
 */
export function writablePart(
  body: Record<string, unknown>,
  current: Record<string, unknown>,
  readOnly: readonly string[],
  writable: readonly string[],
  what: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (writable.includes(key)) {
      out[key] = value;
    } else if (readOnly.includes(key)) {
      if (!isDeepStrictEqual(value, current[key])) {
        throw badRequest(`Field ${key} of ${what} is read-only and cannot be changed`);
      }
    } else {
      throw badRequest(`Unknown field ${key} for ${what}`);
    }
  }
  return out;
}

/** Parses with a zod schema; the first issues become a 400 that names the field paths. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((i) => {
    const path = i.path.map(String).join(".");
    return path ? `${path}: ${i.message}` : i.message;
  });
  throw badRequest(`Invalid body for ${what}: ${issues.join("; ")}`);
}

export const HTTP_URL = /^https?:\/\/\S+$/;

/** callBack-like fields: null or "" clear it (stored as null), otherwise an http(s) URL. */
export function callbackUrl(value: string | null, field: string): string | null {
  if (value === null || value === "") return null;
  if (!HTTP_URL.test(value))
    throw badRequest(`Invalid ${field}: "${value}" is not an http:// or https:// URL`);
  return value;
}

/** Credits are doubles; rounding to 1/1000 keeps sums exact enough that balances never drift. */
export function roundCredits(n: number): number {
  return Math.round(n * 1000) / 1000;
}
