/**
 * The rules every resource shares for writes whose outcome may be unknown, objects an interrupted run left
 * behind, creates that fail half way, and the wording of errors. Resources pass their own calls in; the
 * rules live here once.
 */
import { isConflict, OvhApiError, OvhConnectionError } from "../sdk";
import { defaultSleep } from "../sdk/limits";

/** `SmsUser sms-ab12345-1/alice`: how messages name a resource. */
export interface ResourceRef {
  kind: string;
  id: string;
}

export function refText(ref: ResourceRef): string {
  return `${ref.kind} ${ref.id}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `SmsUser sms-ab12345-1/alice: updating the user failed: OVH API PUT … failed with 400 …`. */
export function failure(ref: ResourceRef, action: string, error: unknown): Error {
  return new Error(`${refText(ref)}: ${action} failed: ${messageOf(error)}`, { cause: error });
}

/** Diagnostics go to stderr: the engine shows a provider's stderr in `pulumi preview`/`up`. */
export function report(ref: ResourceRef, text: string): void {
  console.error(`${refText(ref)}: ${text}`);
}

/**
 * Whether a write may have been applied although it did not succeed: it was sent and no answer came
 * back, or the server failed while handling it. A 429 and a connection refused before sending are not
 * ambiguous (nothing was applied); the SDK already retries those.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (error instanceof OvhConnectionError) return error.mayHaveBeenApplied;
  if (error instanceof OvhApiError) return error.status >= 500;
  return false;
}

/**
 * How a create found its object:
 * - `created`: the POST succeeded; the object has OVH's defaults.
 * - `confirmed`: the POST's outcome was unknown and reading showed our object: it was applied.
 * - `recovered`: the object already existed and is the one this program declares (an earlier run was
 *   interrupted after making it, so the state does not know it): it is taken over.
 * - `adopted`: the object already existed and `adopt` asked to take it over.
 */
export type CreateOutcome<T> = { how: "created" } | { how: "confirmed" | "recovered" | "adopted"; live: T };

export interface CreateSpec<T> {
  post(): Promise<void>;
  /** GET the object; undefined when it does not exist. */
  read(): Promise<T | undefined>;
  /** Whether a live object is the one this program declares (for a user: the same password). */
  isOurs(live: T): boolean;
  adopt: boolean;
  /** Sentence for an existing object that is not ours: what it is and how to adopt it deliberately. */
  conflict: string;
  /** POSTs tried while reading shows the previous one was not applied. @default 4 */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * POST an object at most once in effect. After an ambiguous failure the object is read: present and ours →
 * the POST was applied; absent → POST again; present and not ours → someone else's, refused. A conflict
 * (409) is resolved the same way, so an object left by an interrupted run is taken over, not refused.
 */
export async function createOnce<T>(ref: ResourceRef, spec: CreateSpec<T>): Promise<CreateOutcome<T>> {
  const attempts = spec.attempts ?? 4;
  const sleep = spec.sleep ?? defaultSleep;
  let lastUnknown: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let error: unknown;
    try {
      await spec.post();
      return { how: "created" };
    } catch (e) {
      error = e;
    }
    const conflict = isConflict(error);
    if (!conflict && !outcomeUnknown(error)) throw failure(ref, "creating it", error);
    const live = await spec.read().catch((e: unknown) => {
      throw failure(
        ref,
        conflict ? "reading the existing object" : "checking whether the create was applied",
        e,
      );
    });
    if (live !== undefined) {
      if (spec.isOurs(live)) {
        // Nothing on OVH says who made it: an interrupted run of this program, most likely; with adopt,
        // perhaps a person who was asked to.
        if (conflict)
          report(
            ref,
            spec.adopt
              ? "it already exists as this program declares it: adopted"
              : "it already exists as this program declares it (an interrupted run made it): taken over",
          );
        return { how: conflict ? "recovered" : "confirmed", live };
      }
      if (spec.adopt) return { how: "adopted", live };
      throw new Error(`${refText(ref)}: ${spec.conflict}`);
    }
    // Absent: the ambiguous POST was not applied (or the conflicting object went away meanwhile).
    if (!conflict) lastUnknown = error;
    if (attempt < attempts) await sleep(Math.min(4000, 250 * 2 ** (attempt - 1)));
  }
  throw new Error(
    `${refText(ref)}: creating it failed ${attempts} times and reading showed each time that nothing was ` +
      `created (last error: ${messageOf(lastUnknown)}). Nothing is left behind: run pulumi up again.`,
  );
}

/** What the engine records of a resource whose operation failed part way (a partial failure). */
export interface Recorded {
  id: string;
  properties: Record<string, unknown>;
}

/**
 * The record of a resource that exists although its operation failed. The engine stores `properties` as
 * the resource's outputs exactly as given (it adds nothing, unlike after a success), and the provider host
 * finds the serialized provider in them for every later operation: without `__provider` the next destroy
 * or refresh fails with "code must be a string". So it is carried over from the inputs here, once.
 */
export function recordedAs(id: string, outputs: object, inputs: object): Recorded {
  const provider = (inputs as { __provider?: unknown }).__provider;
  return { id, properties: { ...outputs, __provider: provider } };
}

/** `error`, marked so the engine records the resource as `recorded` (a partial failure). */
export function partialFailure(error: Error, recorded: Recorded, reason = error.message): Error {
  return Object.assign(error, { id: recorded.id, properties: recorded.properties, reasons: [reason] });
}

/**
 * A create that fails after its object was made undoes it. If the undo fails too, the object is reported to
 * the engine as made but not initialised (a partial failure with its id): it enters the state, so the next
 * `up` updates it instead of finding an orphan.
 */
export async function undoCreate(
  ref: ResourceRef,
  what: string,
  cause: unknown,
  undo: () => Promise<void>,
  recorded: Recorded,
): Promise<never> {
  const undone = await undo().then(
    () => true,
    (e: unknown) => e,
  );
  if (undone === true)
    throw new Error(
      `${refText(ref)}: it was created but ${what} failed: ${messageOf(cause)}. It was deleted again: nothing is left behind.`,
    );
  throw partialFailure(
    new Error(
      `${refText(ref)}: it was created but ${what} failed: ${messageOf(cause)}. Deleting it again also ` +
        `failed (${messageOf(undone)}), so it is kept in the state: the next pulumi up finishes it.`,
    ),
    recorded,
    messageOf(cause),
  );
}

export interface SendOnceSpec {
  send(): Promise<void>;
  /** What is sent, for messages: `the transfer of 100 credits from A to B`. */
  what: string;
  /** What to check, and how to go on, when the outcome is unknown. */
  check: string;
  /**
   * The resource as it stands if the write was applied. Given, an unknown outcome records it in the state
   * (a partial failure), so no later `up` sends it again; omitted (a delete), nothing can be recorded.
   */
  recorded?: Recorded;
}

/**
 * A write whose effect reading cannot identify (a credit transfer: nothing tells one transfer from another)
 * is sent once. If its outcome is unknown it is never sent again: the error says what to check.
 */
export async function sendOnce(ref: ResourceRef, spec: SendOnceSpec): Promise<void> {
  try {
    await spec.send();
  } catch (error) {
    if (!outcomeUnknown(error)) throw failure(ref, spec.what, error);
    const text =
      `${refText(ref)}: ${spec.what} may have been applied (${messageOf(error)}). It is not sent ` +
      `again: ${spec.check}`;
    if (!spec.recorded) throw new Error(text, { cause: error });
    throw partialFailure(new Error(text, { cause: error }), spec.recorded);
  }
}
