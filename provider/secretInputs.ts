/**
 * Secret inputs stay out of outputs. The engine would mark a same-named output secret in the state, but the
 * Pulumi SDK's debug log of every registration (printed by `pulumi preview --json`, `--debug`, event logs)
 * shows outputs in plain text. The program knows which inputs are secrets, whatever their origin; the
 * provider does not (secrets reach it unwrapped), so the resource class tells it with this input.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** The input `secretInputs`: names of the resource's inputs that are secrets. */
export const secretInputsSchema = z.array(z.string()).optional();

/**
 * Resolves to the names of the inputs that are secrets (a secret anywhere inside a value counts), or to
 * undefined when there is none, so the input is not stored at all.
 */
export async function secretInputNames(args: object): Promise<string[] | undefined> {
  const names = await Promise.all(
    Object.entries(args).map(async ([name, value]) =>
      value !== undefined && (await pulumi.isSecret(pulumi.output(value))) ? name : undefined,
    ),
  );
  const secret = names.filter((name): name is string => name !== undefined).sort();
  return secret.length > 0 ? secret : undefined;
}

/**
 * `outputs` without the fields named in `secretInputs` (which is kept: it is not a secret), except `keep`:
 * fields a later diff needs from the outputs (an amount, never a secret by nature, made secret anyway).
 */
export function withoutSecrets<T extends object>(
  outputs: T,
  secretInputs: readonly string[] | undefined,
  keep: readonly string[] = [],
): T {
  if (!secretInputs || secretInputs.length === 0) return outputs;
  const hidden = new Set(secretInputs.filter((name) => !keep.includes(name)));
  return Object.fromEntries(Object.entries(outputs).filter(([key]) => !hidden.has(key))) as T;
}
