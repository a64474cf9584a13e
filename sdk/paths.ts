/** A value that may be interpolated into an API path: a string id or an integer id. */
export type PathValue = string | number;

/**
 * Builds an API path, percent-encoding every interpolated value so that a login or sender name
 * containing `/`, `?`, `#` or spaces cannot change which object is addressed.
 *
 * Empty values, `.` and `..` are rejected: after URL normalisation they would silently address the
 * parent collection (`DELETE /sms/x/users/..` would hit `/sms/x`).
 *
 * @example path`/sms/${serviceName}/users/${login}`
 */
export function path(strings: TemplateStringsArray, ...values: PathValue[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += encodeSegment(value, strings[i] ?? "") + (strings[i + 1] ?? "");
  });
  return out;
}

function encodeSegment(value: unknown, before: string): string {
  const where = `path segment after "${before.slice(-40)}"`;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`Invalid ${where}: ${value} is not an integer id`);
    return String(value);
  }
  if (typeof value !== "string") {
    throw new TypeError(`Invalid ${where}: expected a string or an integer, got ${typeof value}`);
  }
  if (value === "" || value === "." || value === "..") {
    throw new TypeError(`Invalid ${where}: ${value === "" ? "empty value" : `"${value}"`} is not allowed`);
  }
  return encodeURIComponent(value);
}

/** Appends a query string; values are encoded the same way a browser encodes form fields. */
export function withQuery(
  basePath: string,
  query: Record<string, string | number | boolean | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const qs = params.toString();
  return qs === "" ? basePath : `${basePath}?${qs}`;
}
