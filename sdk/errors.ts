import { authHint } from "./hints";

/** What an API error was about; set on every SDK error so messages and logs can name the call. */
export interface CallInfo {
  method: string;
  /** API path as called, below the endpoint's base path (e.g. `/sms/sms-ab12345-1/users/bob`). */
  path: string;
}

/**
 * The API answered with a non-2xx status. `message` is a complete sentence (call, status, OVH class
 * and message, query id, and a suggested fix when one is obvious); `ovhMessage` is OVH's own text.
 */
export class OvhApiError extends Error {
  override readonly name = "OvhApiError";
  readonly status: number;
  /** OVH `class`, e.g. `Client::NotFound` (absent on legacy auth errors). */
  readonly errorClass?: string;
  /** OVH `errorCode`, e.g. `NOT_GRANTED_CALL` (present on auth errors). */
  readonly errorCode?: string;
  readonly ovhMessage: string;
  /** `X-Ovh-QueryId` response header: quote it to OVH support. */
  readonly queryId?: string;
  readonly method: string;
  readonly path: string;
  /** OVH `details` (e.g. IAM actions missing for an OAuth2 client). */
  readonly details?: Record<string, unknown>;
  /** Seconds from a `Retry-After` header, when present. */
  readonly retryAfterSeconds?: number;

  constructor(init: {
    status: number;
    errorClass?: string;
    errorCode?: string;
    ovhMessage: string;
    queryId?: string;
    method: string;
    path: string;
    details?: Record<string, unknown>;
    retryAfterSeconds?: number;
    hint?: string;
  }) {
    const what = [init.errorClass, init.errorCode].filter(Boolean).join(" / ");
    const query = init.queryId ? ` (X-Ovh-QueryId: ${init.queryId})` : "";
    const hint = init.hint ? ` ${init.hint}` : "";
    super(
      `OVH API ${init.method} ${init.path} failed with ${init.status}` +
        `${what ? ` ${what}` : ""}: "${init.ovhMessage}"${query}.${hint}`,
    );
    this.status = init.status;
    this.errorClass = init.errorClass;
    this.errorCode = init.errorCode;
    this.ovhMessage = init.ovhMessage;
    this.queryId = init.queryId;
    this.method = init.method;
    this.path = init.path;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/**
 * No HTTP answer: connection refused, reset, TLS failure or timeout. When `mayHaveBeenApplied` is
 * true the request was (or may have been) sent, so a POST must not be repeated blindly: read the
 * object first.
 */
export class OvhConnectionError extends Error {
  override readonly name = "OvhConnectionError";
  readonly method: string;
  readonly path: string;
  readonly mayHaveBeenApplied: boolean;
  readonly timedOut: boolean;
  /** Network error code such as `ECONNRESET`, when known. */
  readonly code?: string;

  constructor(init: {
    method: string;
    path: string;
    mayHaveBeenApplied: boolean;
    timedOut: boolean;
    code?: string;
    detail: string;
    checkHint?: string;
    cause?: unknown;
  }) {
    const applied = init.mayHaveBeenApplied
      ? ` The request was sent, so the operation may have been applied: ${
          init.checkHint ?? `read the object with GET before retrying ${init.method} ${init.path}`
        }.`
      : "";
    super(`OVH API ${init.method} ${init.path}: ${init.detail}.${applied}`, { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
    this.mayHaveBeenApplied = init.mayHaveBeenApplied;
    this.timedOut = init.timedOut;
    this.code = init.code;
  }
}

/** One zod issue without the offending value (values may be secrets). */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/**
 * A response did not match the SDK's model of OVH's schema: the API changed, or the endpoint is
 * not what it claims. Lists the fields involved so the mismatch is easy to report.
 */
export class OvhResponseValidationError extends Error {
  override readonly name = "OvhResponseValidationError";
  readonly method: string;
  readonly path: string;
  readonly issues: ValidationIssue[];
  constructor(init: CallInfo & { issues: ValidationIssue[]; model: string; queryId?: string }) {
    const query = init.queryId ? ` (X-Ovh-QueryId: ${init.queryId})` : "";
    super(
      `OVH API ${init.method} ${init.path} returned a response that does not match ${init.model}${query}: ` +
        `${formatIssues(init.issues)}. The API may have changed; please report it.`,
    );
    this.method = init.method;
    this.path = init.path;
    this.issues = init.issues;
  }
}

/** Arguments given to an SDK function do not fit the request body OVH accepts. */
export class OvhRequestValidationError extends Error {
  override readonly name = "OvhRequestValidationError";
  readonly method: string;
  readonly path: string;
  readonly issues: ValidationIssue[];
  constructor(init: CallInfo & { issues: ValidationIssue[]; model: string }) {
    super(
      `Invalid body for OVH API ${init.method} ${init.path} (${init.model}): ${formatIssues(init.issues)}`,
    );
    this.method = init.method;
    this.path = init.path;
    this.issues = init.issues;
  }
}

/** Missing or contradictory credentials / endpoint configuration. */
export class OvhConfigError extends Error {
  override readonly name = "OvhConfigError";
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ");
}

/**
 * Builds the error for a non-2xx response. The body may be the current `{class, message, details}`
 * shape, the legacy `{errorCode, httpCode, message}` one, or not JSON at all (a proxy page).
 */
export function apiErrorFromResponse(init: {
  status: number;
  body: string;
  queryId?: string;
  retryAfterSeconds?: number;
  method: string;
  path: string;
  authMode: "signature" | "oauth2";
  mayHaveBeenApplied?: boolean;
  checkHint?: string;
  /** Values that must not appear in the error even if the server echoes them. */
  secrets?: readonly (string | undefined)[];
}): OvhApiError {
  const secrets = init.secrets ?? [];
  const body = redactSecrets(init.body, secrets);
  let parsed: Record<string, unknown> = {};
  try {
    // Redacted once decoded: in the raw text a secret may be escaped (\" \\ \u00e9) and not match.
    const json = redactStrings(JSON.parse(init.body), secrets);
    if (json !== null && typeof json === "object" && !Array.isArray(json))
      parsed = json as Record<string, unknown>;
  } catch {
    // not JSON: fall through and use the text itself
  }
  const ovhMessage = nonEmptyString(parsed.message) ?? (body.trim().slice(0, 200) || `HTTP ${init.status}`);
  const details =
    parsed.details !== null && typeof parsed.details === "object"
      ? (parsed.details as Record<string, unknown>)
      : undefined;
  const fields = {
    status: init.status,
    errorClass: nonEmptyString(parsed.class),
    errorCode: nonEmptyString(parsed.errorCode),
    ovhMessage,
    details,
  };
  const hints = [
    authHint({ ...fields, method: init.method, path: init.path, authMode: init.authMode }),
    init.mayHaveBeenApplied && init.status >= 500
      ? `The server failed while handling a non-idempotent call, so it may have been applied: ${
          init.checkHint ?? "read the object with GET before retrying"
        }.`
      : undefined,
  ].filter(Boolean);
  return new OvhApiError({
    ...fields,
    queryId: init.queryId,
    method: init.method,
    path: init.path,
    retryAfterSeconds: init.retryAfterSeconds,
    hint: hints.join(" ") || undefined,
  });
}

/** A JSON field as a message part: only a non-empty string counts (servers send "" or null for "none"). */
export function nonEmptyString(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

const hasStatus = (err: unknown, test: (s: number) => boolean): err is OvhApiError =>
  err instanceof OvhApiError && test(err.status);

/** 404: the service or object does not exist (or is not visible to these credentials). */
export const isNotFound = (err: unknown): err is OvhApiError => hasStatus(err, (s) => s === 404);
/** 409: e.g. creating an object that already exists. */
export const isConflict = (err: unknown): err is OvhApiError => hasStatus(err, (s) => s === 409);
/** 400: OVH refused the parameters (validation) or the signature. */
export const isBadRequest = (err: unknown): err is OvhApiError => hasStatus(err, (s) => s === 400);
/** 401: not authenticated (no credentials, expired token). */
export const isUnauthorized = (err: unknown): err is OvhApiError => hasStatus(err, (s) => s === 401);
/** 403: authenticated but not allowed (consumer key rules, IAM policy, invalid credential). */
export const isForbidden = (err: unknown): err is OvhApiError => hasStatus(err, (s) => s === 403);
/** 429: too many requests. */
export const isRateLimited = (err: unknown): err is OvhApiError => hasStatus(err, (s) => s === 429);
/** 5xx: OVH-side failure. */
export const isServerError = (err: unknown): err is OvhApiError => hasStatus(err, (s) => s >= 500);

/** `redactSecrets` applied to every string of a decoded JSON value. */
function redactStrings(value: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (typeof value === "string") return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, secrets));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, secrets)]));
  return value;
}

/**
 * Replaces every occurrence of the given secret values in a text. Used on texts that come from
 * outside the SDK (server messages) before they enter an error, in case a server echoes a value.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; credentials are never that short.
    if (!secret || secret.length < 4) continue;
    // A server quoting the JSON it received shows a secret as the request carried it: escaped.
    const escaped = JSON.stringify(secret).slice(1, -1);
    const ascii = escaped.replace(
      /[\u0080-\uffff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    for (const form of new Set([ascii, escaped, secret])) out = out.split(form).join("[REDACTED]");
  }
  return out;
}
