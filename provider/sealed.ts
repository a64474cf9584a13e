/**
 * Secret inputs, sealed between `check` and the methods that use them. During a preview the engine
 * plans a resource's outputs from the inputs `check` returns, and the Pulumi SDK prints each planned
 * resource in its debug log (`pulumi preview --debug`, event logs, Automation API debug events) with
 * secrets in plain text. So `check` returns secret values sealed with a key that exists only in this
 * provider process, and `create`/`update`/`diff` open them again. Every engine operation checks every
 * resource it creates or updates in the same process, so a sealed value never needs to outlive its
 * process; the state keeps it as a Pulumi secret (encrypted twice, readable by nobody).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = "sealed:v1:";
const key = randomBytes(32);

export function seal(value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function isSealed(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PREFIX);
}

/** The value `seal` was given. A value sealed by another process cannot be opened: say so. */
export function open(value: string, what: string): string {
  if (!isSealed(value)) return value;
  const raw = Buffer.from(value.slice(PREFIX.length), "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      `${what} was sealed by another provider process and cannot be read here; run the command again ` +
        "(each pulumi operation checks its resources itself)",
    );
  }
}

/** `inputs` with the named string fields sealed (nested values are sealed as their JSON text). */
export function sealFields<T extends object>(inputs: T, names: readonly string[]): T {
  const out = { ...inputs } as Record<string, unknown>;
  for (const name of names) {
    const value = out[name];
    if (value === undefined || value === null) continue;
    out[name] = typeof value === "string" ? seal(value) : { sealed: seal(JSON.stringify(value)) };
  }
  return out as T;
}

/** The reverse of sealFields; values that are not sealed are kept as they are. */
export function openFields<T extends object>(inputs: T, what: string): T {
  return openFieldsLeniently(inputs, what, false).values;
}

/**
 * Like openFields, but a value sealed by another process is left out and named in `unreadable`. Only
 * `diff` needs it: `pulumi refresh` diffs the inputs stored in the state, which no later process can open.
 */
export function openFieldsLeniently<T extends object>(
  inputs: T,
  what: string,
  lenient = true,
): { values: T; unreadable: string[] } {
  const out = { ...inputs } as Record<string, unknown>;
  const unreadable: string[] = [];
  for (const [name, value] of Object.entries(out)) {
    const text = isSealed(value)
      ? value
      : value !== null && typeof value === "object" && "sealed" in value && isSealed(value.sealed)
        ? value.sealed
        : undefined;
    if (text === undefined) continue;
    try {
      const opened = open(text, `${what} ${name}`);
      out[name] = text === value ? opened : (JSON.parse(opened) as unknown);
    } catch (error) {
      if (!lenient) throw error;
      delete out[name];
      unreadable.push(name);
    }
  }
  return { values: out as T, unreadable };
}
