/**
 * The `check` every resource shares: open what an earlier check sealed, validate with the resource's zod
 * schema (failures name the field, never a secret's value), ask the live account what preview can tell,
 * and return the inputs with their secrets sealed (provider/sealed.ts). Identities are never sealed: they
 * are in the URN anyway, and diff compares them.
 */
import type { z } from "zod";
import { containsUnknown, validateInputs, type CheckFailure } from "./inputs";
import { openFields, sealFields } from "./sealed";

export interface CheckSpec<T extends object> {
  /** Resource kind for messages, e.g. `SmsSender`. */
  kind: string;
  schema: z.ZodType<T>;
  /** Identity inputs (e.g. serviceName, login): never sealed. */
  identity: readonly (keyof T & string)[];
  /** Inputs that are secrets whatever the program says (a password). */
  alwaysSecret?: readonly (keyof T & string)[];
  /** Canonical form of valid inputs (sorted sets, normalised text). */
  normalize?: (value: T) => T;
  /** What preview can tell from the live account; `olds` are the previous inputs ({} for a new resource). */
  preflight?: (value: T, olds: Partial<T>) => Promise<CheckFailure[]>;
}

export async function checkInputs<T extends object>(
  spec: CheckSpec<T>,
  olds: object,
  program: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  const news = openFields(program, `${spec.kind} input`);
  const { value, failures } = validateInputs(spec.schema, news, {
    kind: spec.kind,
    secretFields: spec.alwaysSecret ?? [],
    internalFields: ["secretInputs"],
  });
  if (!value) return { inputs: news, failures };
  const inputs = spec.normalize ? spec.normalize(value) : value;
  const problems = spec.preflight ? await spec.preflight(inputs, olds as Partial<T>) : [];
  const declaredSecret = (inputs as { secretInputs?: string[] }).secretInputs ?? [];
  const sealable = [...(spec.alwaysSecret ?? []), ...declaredSecret].filter(
    (name) =>
      !(spec.identity as readonly string[]).includes(name) &&
      !containsUnknown((inputs as Record<string, unknown>)[name]),
  );
  return {
    inputs: { ...sealFields(inputs, sealable), __provider: news.__provider },
    failures: problems,
  };
}
