import type { z } from "zod";
import { OvhResponseValidationError, type ValidationIssue } from "./errors";
import type { HttpResponse } from "./http";
import { parseRetryAfter } from "./retry";

// Encoding and decoding of API bodies and headers.

/** Serialises like node-ovh: non-ASCII escaped as \uXXXX, so the signed string is pure ASCII. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    code: issue.code,
    message: issue.message,
  }));
}

export function parseBody<T>(
  res: HttpResponse,
  schema: z.ZodType<T>,
  info: { method: string; path: string; model: string; queryId?: string },
): T {
  const text = res.body.toString("utf8");
  let json: unknown = null;
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw new OvhResponseValidationError({
        ...info,
        issues: [{ path: "", code: "invalid_json", message: "the response body is not JSON" }],
      });
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new OvhResponseValidationError({ ...info, issues: zodIssues(parsed.error) });
  return parsed.data;
}

export function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function retryAfterSeconds(res: HttpResponse, nowMs: number): number | undefined {
  const ms = parseRetryAfter(header(res, "retry-after"), nowMs);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/** String values under password-like keys of a request body, to be redacted from messages. */
export function bodySecrets(body: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (typeof value === "string" && /pass|secret|token/i.test(key)) out.push(value);
    else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(body, "");
  return out;
}
