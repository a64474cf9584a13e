import { z } from "zod";

/** The string the engine puts in place of a value it does not know yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A check failure as the engine takes it. `property` is a top-level input name, so the engine prints the
 * value the program gave (with secrets redacted, whatever their origin); a nested path would make it print
 * `{<nil>}`. It is empty for secret fields, whose value the engine then never prints at all. `reason`
 * always starts with the full path of the field (`alert.phoneNumber must be …`).
 */
export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function pathHasUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  // An issue is only real when no value on its path (or below it) is still unknown.
  for (let i = 0; i <= path.length; i++) {
    if (isUnknown(valueAt(root, path.slice(0, i)))) return true;
  }
  return containsUnknown(valueAt(root, path));
}

const TYPE_NAMES: Record<string, string> = {
  array: "a list",
  object: "an object",
  string: "a string",
  number: "a number",
  boolean: "true or false",
  int: "a whole number",
};

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  const t = typeof value;
  return TYPE_NAMES[t] ?? t;
}

/** zod's default texts ("Invalid input: expected string, received undefined") as a person would say them. */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null) return "is required";
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected} (got ${typeOf(issue.input)})`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return undefined;
  }
}

/** The closest known name, for "did you mean". */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(name.toLowerCase(), key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const key of path) {
    const shape = (current as { shape?: Record<string, unknown> }).shape;
    if (!shape || typeof key !== "string") return [];
    current = unwrap(shape[key]);
  }
  const shape = (unwrap(current) as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { unwrap?: () => unknown; def?: { innerType?: unknown } } | undefined;
  for (let i = 0; i < 5 && current; i++) {
    const inner = current.def?.innerType;
    if (!inner) break;
    current = inner as typeof current;
  }
  return current;
}

export interface ValidateOptions {
  /** Resource kind for messages, e.g. `SmsUser`. */
  kind: string;
  /** Top-level inputs that are always secrets: their failures carry no property, so no value is printed. */
  secretFields?: readonly string[];
  /** Inputs the resource class sets itself (e.g. `secretInputs`): never suggested in hints. */
  internalFields?: readonly string[];
}

/**
 * Validates resource inputs. Issues caused by values unknown during preview are dropped; the rest
 * become check failures naming the field (`alert.phoneNumber`, `ipRestrictions[2]`). Reasons never
 * contain a value: some are secrets, and the engine already shows what was given (see CheckFailure).
 */
export function validateInputs<T>(
  schema: z.ZodType<T>,
  news: Record<string, unknown>,
  options: ValidateOptions,
): { value?: T; failures: CheckFailure[] } {
  const { __provider: _provider, ...inputs } = news;
  const result = schema.safeParse(inputs, { error: friendlyMessage });
  if (result.success) return { value: result.data, failures: [] };
  const secret = new Set(options.secretFields ?? []);
  const failures: CheckFailure[] = [];
  const badType = new Set<string>();
  const issues = result.error.issues.filter((issue) => !pathHasUnknown(inputs, issue.path));
  for (const issue of issues) if (issue.code === "invalid_type") badType.add(formatPath(issue.path));
  for (const issue of issues) {
    const where = formatPath(issue.path);
    // A value of the wrong type fails its other rules too ("at most 5" for a string of 7 characters).
    if (issue.code !== "invalid_type" && badType.has(where)) continue;
    if (issue.code === "unrecognized_keys") {
      // Inputs the resource class sets itself are not offered to the user.
      const internal = new Set(options.internalFields ?? []);
      const known = knownKeys(schema, issue.path).filter((key) => !internal.has(key));
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const hint = closest(key, known);
        failures.push({
          property: String(path[0]),
          reason:
            `${formatPath(path)} is not an input of ${options.kind}` +
            (hint
              ? ` (did you mean ${formatPath([...issue.path, hint])}?)`
              : ` (inputs: ${known.join(", ")})`),
        });
      }
      continue;
    }
    const top = issue.path[0];
    const property = top === undefined || secret.has(String(top)) ? "" : String(top);
    failures.push({ property, reason: `${where} ${issue.message}` });
  }
  return { failures };
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(inputs)" : out;
}

// Field rules shared by resources. Where OVH's server-side rule is unknown we apply the control
// panel's rule (see shared/reference/ovh-sms-api.md §4) so a bad value fails before any API call.
// The emulator enforces the same rules in its own code, written apart on purpose: each checks the other.
export const serviceNameSchema = z
  .string()
  .regex(/^(sms|smpp)-[a-z0-9]+-\d+$/, "must be an SMS service name like sms-ab12345-1");

const ipv4Part = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
export const ipv4Schema = z
  .string()
  .regex(new RegExp(`^${ipv4Part}(\\.${ipv4Part}){3}$`), "must be an IPv4 address like 203.0.113.10");

export const httpUrlSchema = z
  .string()
  .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/, "must be an http:// or https:// URL");

export const e164Schema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, "must be a phone number in international E.164 format like +33612345678");

export const emailSchema = z.email("must be an e-mail address");

/** An identity that becomes one segment of an API path: `.` and `..` would name another path. */
export function pathSegmentSchema(rule: RegExp, ruleText: string) {
  return z
    .string()
    .regex(rule, ruleText)
    .refine((v) => v !== "." && v !== "..", 'cannot be "." or ".." (the API would read it as a path)');
}
