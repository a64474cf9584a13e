/**
 * SmsSender: a sender name of an SMS account (`/sms/{serviceName}/senders`), moderated by OVH.
 *
 *   check  → inputs (zod, OVH's rules for a sender name), then the account (GET, once per account) and,
 *            for a sender this resource does not manage yet, the live sender: someone else's is refused
 *   create → POST (OVH starts moderating it: `waitingValidation`); an unknown outcome or a 409 is resolved by
 *            reading (provider/lifecycle.ts); then a PUT if `enabled` asks for a status it does not have
 *   diff   → GET (prefetched per account) and compare: description, enabled once OVH validated the sender
 *   update → one PUT of what differs
 *   read   → GET (refresh shows moderation progress: status, comment)
 *   delete → DELETE (404 means already gone)
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  createSender,
  deleteSender,
  getSender,
  isNotFound,
  listSenders,
  updateSender,
  type Sender,
  type SenderUpdate,
} from "../sdk";
import { checkInputs, type CheckSpec } from "./checked";
import { claimed } from "./claims";
import { getClient, perOperation } from "./config";
import { containsUnknown, isUnknown, serviceNameSchema, type CheckFailure } from "./inputs";
import { createOnce, failure, partialFailure, recordedAs, report, type ResourceRef } from "./lifecycle";
import { createLiveCache, notFoundAsUndefined } from "./liveCache";
import { accountOrProblem, type Call } from "./preflight";
// The module's exports object is what the closure serializer stores as one require (see providers/).
import * as smsSenderProvider from "./providers/smsSender";

// OVH's rules (control panel and senders guide): at most 11 characters, not only digits.
export const smsSenderInputsSchema = z.strictObject({
  serviceName: serviceNameSchema,
  sender: z
    .string()
    .regex(/^[\w\s\-.,&+]{1,11}$/, "must be 1 to 11 characters among letters, digits, spaces and - . , & + _")
    .refine((v) => !/^\+?\d+$/.test(v), "cannot be only digits (operators refuse phone numbers as senders)")
    .refine((v) => v.trim() === v, "cannot start or end with a space"),
  description: z.string().max(40, "must be at most 40 characters").optional(),
  reason: z
    .string()
    .trim()
    .min(1, "is required: OVH's moderators read it to validate the sender")
    .max(250, "must be at most 250 characters"),
  enabled: z.boolean().optional(),
  adopt: z.boolean().optional(),
});
export type SmsSenderInputs = z.infer<typeof smsSenderInputsSchema>;

export interface SmsSenderOutputs {
  serviceName: string;
  sender: string;
  description: string;
  reason: string;
  /** As declared; null when the program leaves the status to OVH and the control panel. */
  enabled: boolean | null;
  /** OVH's moderation: waitingValidation, enable, disable or refused. */
  status: Sender["status"];
  /** The moderator's message, e.g. why the sender was refused. */
  comment: string | null;
  type: Sender["type"];
  adopt: boolean;
}

const liveSenders = perOperation((client) =>
  createLiveCache<Sender>({
    list: (serviceName) => listSenders(client, serviceName),
    fetch: (serviceName, sender) => getSender(client, serviceName, sender).catch(notFoundAsUndefined),
  }),
);

const ref = (id: string): ResourceRef => ({ kind: "SmsSender", id });

function senderId(serviceName: string, sender: string): string {
  return `${serviceName}/${sender}`;
}

function parseId(id: string): { serviceName: string; sender: string } {
  const slash = id.indexOf("/");
  if (slash < 1 || slash === id.length - 1)
    throw new Error(`SmsSender id "${id}" is not of the form <serviceName>/<sender>`);
  return { serviceName: id.slice(0, slash), sender: id.slice(slash + 1) };
}

function liveSender(serviceName: string, sender: string): Promise<Sender | undefined> {
  return liveSenders()
    .get(serviceName, sender)
    .catch((error: unknown) => {
      throw failure(ref(senderId(serviceName, sender)), "reading the live sender", error);
    });
}

function senderCalls(serviceName: string, sender: string): Call[] {
  const senders = `/sms/${serviceName}/senders`;
  const one = `${senders}/${isUnknown(sender) ? "x" : encodeURIComponent(sender)}`;
  return [
    ["GET", `/sms/${serviceName}`],
    ["GET", senders],
    ["POST", senders],
    ["GET", one],
    ["PUT", one],
    ["DELETE", one],
  ];
}

/**
 * A sender has no secret: one waiting for moderation with the declared description is what an interrupted
 * run of this program leaves. Check and create use the same rule, so preview refuses exactly what up would.
 */
function isOurs(desired: SmsSenderInputs, live: Sender): boolean {
  return live.status === "waitingValidation" && live.description === (desired.description ?? "");
}

function notOurs(serviceName: string, sender: string): string {
  return (
    `the sender ${sender} already exists on ${serviceName} and this program did not ask for it. To ` +
    "manage it here, set adopt: true (its description and status become the declared ones)."
  );
}

/** What preview can tell from the live account: it exists and is usable; the sender is not someone else's. */
async function preflight(desired: SmsSenderInputs, olds: Partial<SmsSenderInputs>): Promise<CheckFailure[]> {
  const { serviceName, sender } = desired;
  if (isUnknown(serviceName)) return [];
  // The sender this resource already manages exists, of course: only a new one (or a new name) can clash.
  const own = olds.serviceName === serviceName && olds.sender === sender;
  const clashes = !own && !desired.adopt && !isUnknown(sender) && !containsUnknown(desired.description);
  // Both reads at once: check runs one resource at a time, so each round trip here adds to the preview.
  // The sender comes from the per-operation cache, which diff and create then use without asking again.
  const reading = clashes ? liveSender(serviceName, sender) : Promise.resolve(undefined);
  reading.catch(() => {}); // awaited below, unless the account itself is the problem
  const account = await accountOrProblem(serviceName, senderCalls(serviceName, sender));
  if (typeof account === "string") return [{ property: "serviceName", reason: `serviceName: ${account}` }];
  const live = await reading;
  if (live && !isOurs(desired, live))
    return [{ property: "sender", reason: `sender: ${notOurs(serviceName, sender)}` }];
  return [];
}

const checkSpec: CheckSpec<SmsSenderInputs> = {
  kind: "SmsSender",
  schema: smsSenderInputsSchema,
  identity: ["serviceName", "sender"],
  preflight,
};

export function check(olds: object, program: Record<string, unknown>) {
  return checkInputs(checkSpec, olds, program);
}

/**
 * What to PUT so the live sender matches the program. The status is OVH's to set until it validated the
 * sender: only then can `enabled` toggle it between enable and disable.
 */
export function senderChanges(desired: SmsSenderInputs, live: Sender): SenderUpdate {
  const body: SenderUpdate = {};
  if ((desired.description ?? "") !== live.description) body.description = desired.description ?? "";
  if (desired.enabled !== undefined && (live.status === "enable" || live.status === "disable")) {
    const status = desired.enabled ? "enable" : "disable";
    if (status !== live.status) body.status = status;
  }
  return body;
}

function applied(live: Sender, body: SenderUpdate): Sender {
  return { ...live, ...body };
}

function toOutputs(desired: SmsSenderInputs, live: Sender): SmsSenderOutputs {
  return {
    serviceName: desired.serviceName,
    sender: live.sender,
    description: live.description,
    reason: desired.reason,
    enabled: desired.enabled ?? null,
    status: live.status,
    comment: live.comment,
    type: live.type,
    adopt: desired.adopt ?? false,
  };
}

/** What a user should know about moderation, said at preview and up. */
function moderation(id: string, live: Sender): void {
  if (live.status === "waitingValidation")
    report(ref(id), "waiting for OVH's moderation (usually within 72 hours): it cannot send yet");
  if (live.status === "refused")
    report(ref(id), `refused by OVH${live.comment ? `: ${live.comment}` : ""}; it cannot send`);
}

export async function diff(id: string, olds: SmsSenderOutputs, news: SmsSenderInputs) {
  const replaces = (["serviceName", "sender"] as const).filter((key) => olds[key] !== news[key]);
  if (replaces.length > 0) return { changes: true, replaces };
  const { __provider: _p, ...desired } = news as SmsSenderInputs & { __provider?: unknown };
  if (containsUnknown(desired)) return { changes: true };
  const live = await liveSender(news.serviceName, news.sender);
  if (!live) {
    report(ref(id), "the sender no longer exists on OVH; it will be created again (and moderated again)");
    return { changes: true, replaces: ["sender"], deleteBeforeReplace: true };
  }
  moderation(id, live);
  const fields = Object.keys(senderChanges(desired, live)).map((k) => (k === "status" ? "enabled" : k));
  if (fields.length > 0) report(ref(id), `the live sender differs from the program in ${fields.join(", ")}`);
  // The reason is read by the moderator at creation only: changing it later changes nothing on OVH.
  return { changes: fields.length > 0 || olds.adopt !== (desired.adopt ?? false) };
}

export async function create(inputs: SmsSenderInputs) {
  const { serviceName, sender } = inputs;
  const id = senderId(serviceName, sender);
  const client = getClient();
  const found = await createOnce(ref(id), {
    post: async () => {
      await createSender(client, serviceName, {
        sender,
        reason: inputs.reason,
        ...(inputs.description !== undefined ? { description: inputs.description } : {}),
      });
    },
    read: () => getSender(client, serviceName, sender).catch(notFoundAsUndefined),
    isOurs: (live) => isOurs(inputs, live),
    adopt: inputs.adopt ?? false,
    conflict: notOurs(serviceName, sender),
  });
  const live =
    found.how === "created"
      ? await getSender(client, serviceName, sender).catch((error: unknown) => {
          throw failure(ref(id), "reading the new sender", error);
        })
      : found.live;
  const body = senderChanges(inputs, live);
  try {
    if (Object.keys(body).length > 0) await updateSender(client, serviceName, sender, body);
  } catch (error) {
    // Deleting it would throw away its place in OVH's moderation queue: it stays, and the next up retries.
    throw partialFailure(
      failure(ref(id), "applying the declared settings", error),
      recordedAs(id, toOutputs(inputs, live), inputs),
    );
  }
  const after = applied(live, body);
  liveSenders().set(serviceName, sender, after);
  moderation(id, after);
  return { id, outs: toOutputs(inputs, after) };
}

export async function update(id: string, _olds: SmsSenderOutputs, news: SmsSenderInputs) {
  const { serviceName, sender } = news;
  const client = getClient();
  try {
    const live = (await liveSender(serviceName, sender)) ?? (await getSender(client, serviceName, sender));
    const body = senderChanges(news, live);
    if (Object.keys(body).length > 0) await updateSender(client, serviceName, sender, body);
    const after = applied(live, body);
    liveSenders().set(serviceName, sender, after);
    return { outs: toOutputs(news, after) };
  } catch (error) {
    throw failure(ref(id), "updating the sender", error);
  }
}

export async function read(id: string, props?: SmsSenderOutputs) {
  const { serviceName, sender } = parseId(id);
  const live = await liveSender(serviceName, sender);
  if (!live) return { id: "" };
  const desired: SmsSenderInputs = {
    serviceName,
    sender,
    description: live.description,
    reason: props?.reason ?? "",
    ...(props?.enabled !== undefined && props.enabled !== null ? { enabled: props.enabled } : {}),
    adopt: props?.adopt ?? false,
  };
  return { id, props: toOutputs(desired, live) };
}

export async function remove(id: string, props: SmsSenderOutputs) {
  try {
    await deleteSender(getClient(), props.serviceName, props.sender);
  } catch (error) {
    if (isNotFound(error)) return;
    throw failure(ref(id), "deleting the sender", error);
  }
}

export interface SmsSenderArgs {
  /** The SMS account, e.g. `sms-ab12345-1`. Changing it replaces the sender. */
  serviceName: pulumi.Input<string>;
  /** The name receivers see: at most 11 letters, digits, spaces, `-.,&+_`, not only digits. Changing it replaces the sender (and OVH moderates it again). */
  sender: pulumi.Input<string>;
  /** At most 40 characters. */
  description?: pulumi.Input<string>;
  /** Why you need this sender, for OVH's moderators (required, at most 250 characters). Used at creation only. */
  reason: pulumi.Input<string>;
  /** Enable (`true`) or disable (`false`) the sender once OVH validated it. Absent: left as it is. */
  enabled?: pulumi.Input<boolean>;
  /** Take over a sender that already exists instead of failing. */
  adopt?: pulumi.Input<boolean>;
}

export class SmsSender extends pulumi.dynamic.Resource {
  declare readonly serviceName: pulumi.Output<string>;
  declare readonly sender: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly reason: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean | null>;
  declare readonly status: pulumi.Output<SmsSenderOutputs["status"]>;
  declare readonly comment: pulumi.Output<string | null>;
  declare readonly type: pulumi.Output<SmsSenderOutputs["type"]>;
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: SmsSenderArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { description: undefined, enabled: undefined, status: undefined, comment: undefined };
    const serviceName = claimed("SmsSender", name, [args.serviceName, args.sender], args.serviceName);
    const props = { ...outputs, type: undefined, adopt: undefined, ...args, serviceName };
    super(smsSenderProvider, name, props, opts, "ovh-sms", "SmsSender");
  }
}
