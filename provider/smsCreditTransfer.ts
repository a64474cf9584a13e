/**
 * SmsCreditTransfer: credits moved once from one SMS account to another of the same customer
 * (`POST /sms/{from}/transferCredits`). Credits are money, so:
 *
 *   check  → inputs (zod); both accounts readable; the credits fit in the source's free credits, summed with
 *            the quotas and transfers the plan takes from it; a diagnostic says what will move. Changing
 *            from/to/credits without new `triggers` is refused: a transfer is made once.
 *   create → POSTs once, right after its intent (smsCreditTransferIntent.ts) recorded both accounts'
 *            credits in the state. An unknown outcome is never retried: the resource is recorded as made
 *            (outcome "unknown") so no later `up` sends it again, and the error says what to check. An
 *            intent left by an earlier run (killed, or stopped before it recorded the transfer) is resolved
 *            by reading: nothing moved since → sent now; anything else (even a move of exactly this amount,
 *            which another transfer could have made) → recorded as unknown, not sent, the figures given.
 *   diff   → new `triggers` replace it (a new transfer); nothing else on OVH to compare
 *   update → records reverseOnDelete; moves nothing
 *   read   → nothing to read: OVH keeps no transfer object (0 calls)
 *   delete → moves nothing, unless reverseOnDelete: then moves the credits back once, if the target has them,
 *            recorded on OVH first (reversalMarker.ts) so a destroy killed meanwhile is not repeated
 */
import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { transferCredits } from "../sdk";
import { checkInputs, type CheckSpec } from "./checked";
import { getClient, operationId } from "./config";
import { containsUnknown, isUnknown, serviceNameSchema, type CheckFailure } from "./inputs";
import {
  failure,
  partialFailure,
  recordedAs,
  refText,
  report,
  sendOnce,
  type ResourceRef,
} from "./lifecycle";
import {
  accountOrProblem,
  creditShortfall,
  incomingCredits,
  planCredits,
  planIncoming,
  type Call,
} from "./preflight";
// The module's exports object is what the closure serializer stores as one require (see providers/).
import * as smsCreditTransferProvider from "./providers/smsCreditTransfer";
import { findMarker, leaveMarker, removeMarker } from "./reversalMarker";
import {
  accountTotals,
  bothAccounts,
  SmsCreditTransferIntent,
  totalCredits,
  type TransferIntent,
} from "./smsCreditTransferIntent";

export const smsCreditTransferInputsSchema = z.strictObject({
  from: serviceNameSchema,
  to: serviceNameSchema,
  credits: z
    .number()
    .positive("must be more than 0")
    .refine((n) => Number.isFinite(n) && Math.round(n * 100) === n * 100, "must have at most 2 decimals"),
  triggers: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  reverseOnDelete: z.boolean().optional(),
});

/** Set by the class from its intent resource; absent in state written before intents existed. */
const intentSchema = z.strictObject({
  operation: z.string(),
  fromTotal: z.number(),
  toTotal: z.number(),
  at: z.string(),
});

export type SmsCreditTransferInputs = z.infer<typeof smsCreditTransferInputsSchema> & {
  intent?: TransferIntent;
};

export interface SmsCreditTransferOutputs {
  from: string;
  to: string;
  credits: number;
  triggers: Array<string | number | boolean> | null;
  reverseOnDelete: boolean;
  /** "applied", or "unknown" when the answer was lost: see the error of the run that made it. */
  outcome: "applied" | "unknown";
  /** Free credits of each account right after the transfer (null when the outcome is unknown). */
  fromCreditsLeft: number | null;
  toCreditsLeft: number | null;
  /** When the transfer was made (ISO 8601). */
  transferredAt: string;
}

const route = (from: string, to: string) => `${from} → ${to}`;
const ref = (from: string, to: string): ResourceRef => ({ kind: "SmsCreditTransfer", id: route(from, to) });

function sameTriggers(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

async function preflight(
  desired: SmsCreditTransferInputs,
  olds: Partial<SmsCreditTransferInputs>,
): Promise<CheckFailure[]> {
  const { from, to, credits } = desired;
  if (!isUnknown(from) && from === to)
    return [{ property: "to", reason: "to: must be another SMS account than from" }];
  const isNew = olds.from === undefined;
  if (!isNew && !containsUnknown(desired.triggers) && sameTriggers(olds.triggers, desired.triggers)) {
    const changed = (["from", "to", "credits"] as const).find((key) => olds[key] !== desired[key]);
    if (changed)
      return [
        {
          property: changed,
          reason:
            `${changed}: a transfer is made once, and this one was (${olds.credits} credits, ` +
            `${route(String(olds.from), String(olds.to))}); changing ${changed} would move nothing. To make ` +
            'a new transfer, also change triggers (e.g. triggers: ["2026-12"]); to keep the record as it ' +
            `is, put ${changed} back.`,
        },
      ];
  }
  if (!isNew && sameTriggers(olds.triggers, desired.triggers)) return [];
  if (isUnknown(from) || isUnknown(to) || containsUnknown(credits)) return [];
  const calls = [
    ["GET", `/sms/${from}`],
    ["POST", `/sms/${from}/transferCredits`],
  ] as const;
  // reverseOnDelete moves the credits back from `to`, recording it on OVH first (reversalMarker.ts).
  const back: Call[] = desired.reverseOnDelete
    ? [
        ["POST", `/sms/${to}/transferCredits`],
        ["GET", "/me/document"],
        ["POST", "/me/document"],
        ["DELETE", "/me/document/*"],
      ]
    : [];
  const [source, target] = await Promise.all([
    accountOrProblem(from, calls),
    accountOrProblem(to, [["GET", `/sms/${to}`], ...back]),
  ]);
  if (typeof source === "string") return [{ property: "from", reason: `from: ${source}` }];
  if (typeof target === "string") return [{ property: "to", reason: `to: ${target}` }];
  // Two identical transfers count once here (the engine checks a replacement twice); OVH still refuses
  // the one that does not fit, moving nothing.
  const key = `transfer to ${to}${desired.triggers ? ` ${JSON.stringify(desired.triggers)}` : ""}`;
  const shortfall = creditShortfall(
    from,
    source.creditsLeft,
    planCredits(from, key, () => credits),
    incomingCredits(from),
  );
  if (shortfall) return [{ property: "credits", reason: `credits: ${shortfall}` }];
  planIncoming(to, `transfer from ${from}`, credits);
  report(ref(from, to), `will move ${credits} credits from ${from} to ${to}`);
  return [];
}

const checkSpec: CheckSpec<SmsCreditTransferInputs> = {
  kind: "SmsCreditTransfer",
  schema: smsCreditTransferInputsSchema,
  identity: ["from", "to"],
  preflight,
};

export async function check(olds: object, program: Record<string, unknown>) {
  // The intent is validated on its own: at preview it is unknown (its resource is created in the same
  // run), which must not keep the other inputs from being checked against the accounts.
  const { intent, ...declared } = program;
  const checked = await checkInputs(checkSpec, olds, declared);
  if (intent === undefined) return checked;
  if (containsUnknown(intent)) return { ...checked, inputs: { ...checked.inputs, intent } };
  const parsed = intentSchema.safeParse(intent);
  if (!parsed.success)
    return {
      ...checked,
      failures: [...checked.failures, { property: "intent", reason: "intent: malformed" }],
    };
  return { ...checked, inputs: { ...checked.inputs, intent: parsed.data } };
}

export function diff(_id: string, olds: SmsCreditTransferOutputs, news: SmsCreditTransferInputs) {
  // Only new triggers make a new transfer; check refused other changes. The old one moves nothing when
  // replaced (unless reverseOnDelete), so the default create-before-delete order is right.
  if (!sameTriggers(olds.triggers, news.triggers))
    return Promise.resolve({ changes: true, replaces: ["triggers"] });
  return Promise.resolve({ changes: olds.reverseOnDelete !== (news.reverseOnDelete ?? false) });
}

function outputs(
  inputs: SmsCreditTransferInputs,
): Omit<SmsCreditTransferOutputs, "outcome" | "fromCreditsLeft" | "toCreditsLeft" | "transferredAt"> {
  return {
    from: inputs.from,
    to: inputs.to,
    credits: inputs.credits,
    triggers: inputs.triggers ?? null,
    reverseOnDelete: inputs.reverseOnDelete ?? false,
  };
}

async function balances(from: string, to: string, r: ResourceRef, when: string): Promise<[number, number]> {
  try {
    const [a, b] = await bothAccounts(from, to);
    return [a.creditsLeft, b.creditsLeft];
  } catch (error) {
    throw failure(r, `reading the balances ${when}`, error);
  }
}

/**
 * Whether the credits stayed where they were since an earlier run recorded this transfer's intent (read from
 * both accounts' credits, free + held). Only "nothing moved" is a safe answer: it is sent now. A move of
 * exactly this transfer's amount is most likely the earlier run's POST, but it may be another transfer of
 * the same amount between the same accounts made in that run (whose own record is fine): reading cannot
 * tell them apart, so it is never taken as proof that this one was made.
 */
async function unmovedSince(
  inputs: SmsCreditTransferInputs,
  intent: TransferIntent,
): Promise<{ unmoved: boolean; exactMove: boolean; now: [number, number] }> {
  const { from, to, credits } = inputs;
  const now = await accountTotals(from, to).catch((error: unknown) => {
    throw failure(ref(from, to), "reading the balances left by an interrupted transfer", error);
  });
  const moved = now[0] - intent.fromTotal;
  const received = now[1] - intent.toTotal;
  const same = (a: number, b: number) => Math.abs(a - b) < 0.005;
  return {
    unmoved: same(moved, 0) && same(received, 0),
    exactMove: same(moved, -credits) && same(received, credits),
    now,
  };
}

export async function create(inputs: SmsCreditTransferInputs) {
  const { from, to, credits, intent } = inputs;
  const r = ref(from, to);
  const id = `${from}/${to}/${randomUUID()}`;
  const transferredAt = new Date().toISOString();
  const unknown: SmsCreditTransferOutputs = {
    ...outputs(inputs),
    outcome: "unknown",
    fromCreditsLeft: null,
    toCreditsLeft: null,
    transferredAt,
  };
  const what = `the transfer of ${credits} credits from ${from} to ${to}`;
  if (intent && intent.operation !== operationId()) {
    // An earlier run recorded the intent and never the transfer: it was killed, or stopped, around it.
    const earlier = await unmovedSince(inputs, intent);
    const figures =
      `${from} had ${intent.fromTotal} credits (free + held by quotas) and ${to} ${intent.toTotal} when an ` +
      `earlier run prepared ${what} at ${intent.at}; now they have ${earlier.now[0]} and ${earlier.now[1]}`;
    if (!earlier.unmoved) {
      const why = earlier.exactMove
        ? "they moved by exactly this transfer's amount: most likely the earlier run made it, unless it was " +
          "another transfer of the same amount between these accounts"
        : "other movements make it impossible to tell whether it was made";
      const text =
        `${refText(r)}: an earlier run prepared ${what} and stopped before recording whether it was made. ` +
        `${figures}: ${why}. It is not sent: this resource is recorded as made (outcome unknown), so no ` +
        "later up transfers again; if the credits did not move for it, change triggers to make the transfer.";
      throw partialFailure(new Error(text), recordedAs(id, unknown, inputs));
    }
    report(r, `${figures}: nothing moved, so the earlier run did not make it; sending it now`);
  }
  const before = intent
    ? [intent.fromTotal, intent.toTotal]
    : await accountTotals(from, to).catch((error: unknown) => {
        throw failure(r, "reading the balances before the transfer", error);
      });
  await sendOnce(r, {
    send: () => transferCredits(getClient(), from, { smsAccountTarget: to, credits }),
    what,
    check:
      `compare the credits (free + held by quotas) of GET /sms/${from} (${before[0]} before) and GET ` +
      `/sms/${to} (${before[1]} before). This resource is recorded in the state as made, so no later up ` +
      "transfers again; if the credits did not move, change triggers to make the transfer.",
    recorded: recordedAs(id, unknown, inputs),
  });
  const after = await balances(from, to, r, "after the transfer").catch((error: unknown) => {
    // The transfer happened: a failed read must not make the engine forget it.
    throw partialFailure(error as Error, recordedAs(id, { ...unknown, outcome: "applied" }, inputs));
  });
  const outs: SmsCreditTransferOutputs = {
    ...outputs(inputs),
    outcome: "applied",
    fromCreditsLeft: after[0],
    toCreditsLeft: after[1],
    transferredAt,
  };
  return { id, outs };
}

export function update(_id: string, olds: SmsCreditTransferOutputs, news: SmsCreditTransferInputs) {
  if (olds.outcome === "unknown")
    report(
      ref(olds.from, olds.to),
      `the transfer of ${olds.credits} credits made at ${olds.transferredAt} has an unknown outcome; it is ` +
        "not sent again (change triggers to make a new transfer)",
    );
  return Promise.resolve({ outs: { ...olds, reverseOnDelete: news.reverseOnDelete ?? false } });
}

export function read(id: string, props?: SmsCreditTransferOutputs) {
  return Promise.resolve({ id, props });
}

export async function remove(id: string, props: SmsCreditTransferOutputs) {
  if (!props.reverseOnDelete) return;
  const { from, to, credits } = props;
  const r = ref(from, to);
  if (props.outcome === "unknown")
    throw new Error(
      `${refText(r)}: reverseOnDelete cannot move back a transfer whose outcome is unknown. Check the ` +
        `balances of ${from} and ${to}, move the credits by hand if needed, then set reverseOnDelete: false.`,
    );
  const client = getClient();
  const what = `moving ${credits} credits back from ${to} to ${from}`;
  const [marker, [source, target]] = await Promise.all([
    findMarker(client, id),
    bothAccounts(from, to),
  ]).catch((error: unknown) => {
    throw failure(r, "reading the balances before moving the credits back", error);
  });
  const totals: [number, number] = [totalCredits(source), totalCredits(target)];
  const free = target.creditsLeft;
  if (marker) {
    // An earlier destroy left its marker and never finished: did its move back happen?
    const figures =
      `${from} had ${marker.fromTotal} credits (free + held by quotas) and ${to} ${marker.toTotal} when an ` +
      `earlier destroy started ${what}; now they have ${totals[0]} and ${totals[1]}`;
    const same = (a: number, b: number) => Math.abs(a - b) < 0.005;
    if (!same(totals[0], marker.fromTotal) || !same(totals[1], marker.toTotal))
      throw new Error(
        `${refText(r)}: an earlier destroy was interrupted while ${what}. ${figures}, so it cannot tell ` +
          `whether they came back, and nothing is sent. If they came back, delete /me/document/` +
          `${marker.documentId} and remove this resource from the state (pulumi state delete); if not, ` +
          "delete that document and run the command again.",
      );
    report(r, `${figures}: nothing moved, so the earlier destroy did not move them; moving them now`);
  }
  if (free < credits)
    throw new Error(
      `${refText(r)}: reverseOnDelete would move ${credits} credits back from ${to}, but only ${free} are free ` +
        `there (the rest was spent or is held by quotas). Free them, or set reverseOnDelete: false to leave ` +
        "the credits where they are.",
    );
  const documentId =
    marker?.documentId ??
    (await leaveMarker(client, id, totals).catch((error: unknown) => {
      throw failure(r, `recording on OVH (/me/document) that it is ${what}; nothing was moved`, error);
    }));
  await sendOnce(r, {
    send: () => transferCredits(client, to, { smsAccountTarget: from, credits }),
    what,
    check:
      `compare the credits of GET /sms/${to} (${totals[1]} before, free + held) and GET /sms/${from} ` +
      `(${totals[0]} before). The next destroy reads them too and sends nothing if they changed.`,
  });
  if (!(await removeMarker(client, documentId)))
    report(r, `the credits are back; the record /me/document/${documentId} could not be deleted (harmless)`);
}

export interface SmsCreditTransferArgs {
  /** The SMS account the credits leave. */
  from: pulumi.Input<string>;
  /** Another SMS account of the same customer, that receives them. */
  to: pulumi.Input<string>;
  /** Credits to move (more than 0, at most 2 decimals). */
  credits: pulumi.Input<number>;
  /**
   * Any values: a transfer is made when the resource is created and again each time these change (e.g.
   * `["2026-12"]` for a monthly transfer). Changing from, to or credits alone is refused.
   */
  triggers?: pulumi.Input<pulumi.Input<string | number | boolean>[]>;
  /** On delete, move the credits back (if the target still has them). Default: they stay where they went. */
  reverseOnDelete?: pulumi.Input<boolean>;
}

export class SmsCreditTransfer extends pulumi.dynamic.Resource {
  declare readonly from: pulumi.Output<string>;
  declare readonly to: pulumi.Output<string>;
  declare readonly credits: pulumi.Output<number>;
  declare readonly triggers: pulumi.Output<Array<string | number | boolean> | null>;
  declare readonly reverseOnDelete: pulumi.Output<boolean>;
  declare readonly outcome: pulumi.Output<"applied" | "unknown">;
  declare readonly fromCreditsLeft: pulumi.Output<number | null>;
  declare readonly toCreditsLeft: pulumi.Output<number | null>;
  declare readonly transferredAt: pulumi.Output<string>;

  constructor(name: string, args: SmsCreditTransferArgs, opts?: pulumi.CustomResourceOptions) {
    // The intent is recorded in the state first, in the same operation (see smsCreditTransferIntent.ts).
    const { from, to, credits, triggers } = args;
    const prepared = new SmsCreditTransferIntent(
      `${name}-intent`,
      { from, to, credits, triggers },
      { parent: opts?.parent, dependsOn: opts?.dependsOn },
    );
    const seeded = { triggers: undefined, reverseOnDelete: undefined, outcome: undefined };
    const more = { fromCreditsLeft: undefined, toCreditsLeft: undefined, transferredAt: undefined };
    super(
      smsCreditTransferProvider,
      name,
      { ...seeded, ...more, ...args, intent: prepared.intent },
      opts,
      "ovh-sms",
      "SmsCreditTransfer",
    );
  }
}
