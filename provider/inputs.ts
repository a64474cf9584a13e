import { z } from "zod";

/** The string the engine puts in place of a value it does not know yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

/**
 * Validates resource inputs. Issues caused by values unknown during preview are dropped; the rest
 * become check failures naming the field (`alert.phoneNumber`, `ipRestrictions[2]`). Values are never
 * echoed in reasons: some of them are secrets.
 */
export function validateInputs<T>(
  schema: z.ZodType<T>,
  news: Record<string, unknown>,
): { value?: T; failures: CheckFailure[] } {
  const { __provider: _provider, ...inputs } = news;
  const result = schema.safeParse(inputs);
  if (result.success) return { value: result.data, failures: [] };
  const failures = result.error.issues
    .filter((issue) => !pathHasUnknown(inputs, issue.path))
    .map((issue) => ({ property: formatPath(issue.path), reason: issue.message }));
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
