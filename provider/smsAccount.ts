/**
 * SmsAccount: the settings of an SMS account that exists (`GET/PUT /sms/{serviceName}`). An account is
 * bought, not created: this resource always adopts it, and manages only the settings the program declares.
 *
 *   check  → inputs (zod), then the account (GET, once per operation, shared with every resource of the
 *            account) and the consumer key's rules: a missing account fails here
 *   create → records the live values of the declared settings (`original`), then one PUT of those that differ
 *   diff   → the live account (the GET check made) compared with the declared settings: drift shows in preview;
 *            a setting no longer declared is given back its original value
 *   update → one PUT of what differs
 *   read   → the live values of the managed settings (refresh), same GET
 *   delete → one PUT of `original` (`onDelete: "retain"` leaves the settings as they are)
 *
 * Inputs the program made secret are left out of the outputs, `original` included (see `Originals` in
 * smsAccountModel.ts).
 *
 * The provider object stored in the state is providers/smsAccount.ts (see providers/smsUser.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { isNotFound, updateAccount, type Account } from "../sdk";
import { checkInputs, type CheckSpec } from "./checked";
import { claimed } from "./claims";
import { getClient } from "./config";
import { containsUnknown, isUnknown, type CheckFailure } from "./inputs";
import { failure, refText, report, type ResourceRef } from "./lifecycle";
import { accountOrProblem, type Call } from "./preflight";
// The module's exports object is what the closure serializer stores as one require (see providers/).
import * as smsAccountProvider from "./providers/smsAccount";
import { openFields, openFieldsLeniently } from "./sealed";
import { secretInputNames } from "./secretInputs";
import {
  accountUpdate,
  applied,
  keptOriginals,
  liveSettings,
  normalizeInputs,
  originalsOf,
  plan,
  sameOriginals,
  smsAccountInputsSchema,
  toOutputs,
  type SettingName,
  type SmsAccountInputs,
  type SmsAccountOutputs,
} from "./smsAccountModel";

export {
  smsAccountInputsSchema,
  RECREDIT_PACKS,
  type AccountSettings,
  type SmsAccountInputs,
  type SmsAccountOutputs,
} from "./smsAccountModel";

const ref = (id: string): ResourceRef => ({ kind: "SmsAccount", id });

/** The calls SmsAccount makes on its account: the consumer key must allow them all. */
function accountCalls(serviceName: string): Call[] {
  return [
    ["GET", `/sms/${serviceName}`],
    ["PUT", `/sms/${serviceName}`],
  ];
}

/**
 * The live account, read once per operation (the same GET as every resource's check of this account);
 * a problem with it fails naming the resource.
 */
async function liveAccount(serviceName: string): Promise<Account> {
  const account = await accountOrProblem(serviceName);
  if (typeof account === "string") throw new Error(`${refText(ref(serviceName))}: ${account}`);
  return account;
}

async function preflight(desired: SmsAccountInputs): Promise<CheckFailure[]> {
  if (isUnknown(desired.serviceName)) return [];
  const account = await accountOrProblem(desired.serviceName, accountCalls(desired.serviceName));
  return typeof account === "string" ? [{ property: "serviceName", reason: `serviceName: ${account}` }] : [];
}

const checkSpec: CheckSpec<SmsAccountInputs> = {
  kind: "SmsAccount",
  schema: smsAccountInputsSchema,
  identity: ["serviceName"],
  normalize: normalizeInputs,
  preflight,
};

export function check(olds: object, program: Record<string, unknown>) {
  return checkInputs(checkSpec, olds, program);
}

function isEmpty(body: object): boolean {
  return Object.keys(body).length === 0;
}

function providerOf(inputs: object): unknown {
  return (inputs as { __provider?: unknown }).__provider;
}

/**
 * An error that records the resource as it stands (a partial failure): the values found before any change
 * (`original`) must not be lost if the PUT was applied in part, or the next run would take the changed
 * values for the original ones.
 */
function recordedFailure(
  id: string,
  action: string,
  error: unknown,
  outputs: SmsAccountOutputs,
  provider: unknown,
): Error {
  return Object.assign(failure(ref(id), action, error), {
    id,
    properties: { ...outputs, __provider: provider },
    reasons: [String(error)],
  });
}

export async function diff(id: string, olds: SmsAccountOutputs, checked: SmsAccountInputs) {
  const { values: news, unreadable } = openFieldsLeniently(checked, `SmsAccount ${id}`);
  if (olds.serviceName !== news.serviceName) return { changes: true, replaces: ["serviceName"] };
  const { __provider: _p, ...desired } = news as SmsAccountInputs & { __provider?: unknown };
  // During preview unknown inputs are changes; the real comparison happens at update.
  if (containsUnknown(desired)) return { changes: true };
  const account = await liveAccount(news.serviceName);
  const live = liveSettings(account);
  // Inputs sealed by an earlier process (refresh diffs the stored inputs) compare as the live values.
  for (const name of unreadable)
    if (name in live) (desired as Record<string, unknown>)[name] = live[name as SettingName];
  const { drifted, restored, originals } = plan(desired, live, originalsOf(olds));
  // The engine shows no per-field diff for dynamic providers: say which fields differ (never their values).
  if (drifted.length > 0)
    report(ref(id), `the live account differs from the program in ${drifted.join(", ")}`);
  if (restored.length > 0)
    report(
      ref(id),
      `no longer declared, given back the value found before this stack managed it: ${restored.join(", ")}`,
    );
  // Only the state changes when the originals to record change: a setting no longer declared whose live
  // value already is the original one, one newly declared that already has the declared value (its output
  // is shown: an unmanaged setting's output is null), a value recorded in clear that the program now makes
  // secret. Likewise when the program makes an input secret or public: its output is left out or shown.
  const stateOnly =
    (olds.onDelete ?? "restore") !== (desired.onDelete ?? "restore") ||
    !sameOriginals(originals, originalsOf(olds)) ||
    (olds.secretInputs ?? []).join() !== (desired.secretInputs ?? []).join();
  return { changes: drifted.length > 0 || restored.length > 0 || stateOnly };
}

export async function create(checked: SmsAccountInputs) {
  const inputs = openFields(checked, "SmsAccount input");
  const id = inputs.serviceName;
  const account = await liveAccount(id);
  const live = liveSettings(account);
  const { write, originals } = plan(inputs, live);
  const body = accountUpdate(write);
  try {
    if (!isEmpty(body)) await updateAccount(getClient(), id, body);
  } catch (error) {
    const outputs = toOutputs(inputs, account, live, originals);
    throw recordedFailure(id, "applying the declared settings", error, outputs, providerOf(inputs));
  }
  return { id, outs: toOutputs(inputs, account, applied(live, write), originals) };
}

export async function update(id: string, olds: SmsAccountOutputs, checked: SmsAccountInputs) {
  const news = openFields(checked, `SmsAccount ${id}`);
  const account = await liveAccount(news.serviceName);
  const live = liveSettings(account);
  const { write, originals } = plan(news, live, originalsOf(olds));
  const body = accountUpdate(write);
  try {
    if (!isEmpty(body)) await updateAccount(getClient(), news.serviceName, body);
  } catch (error) {
    // The originals of settings declared since the last run are kept: the PUT may have been applied in part.
    const kept = keptOriginals(originalsOf(olds), originals);
    const outputs = toOutputs(news, account, live, kept);
    throw recordedFailure(id, "updating the account's settings", error, outputs, providerOf(news));
  }
  return { outs: toOutputs(news, account, applied(live, write), originals) };
}

export async function read(id: string, props?: SmsAccountOutputs) {
  const account = await liveAccount(id);
  const desired: SmsAccountInputs = {
    serviceName: id,
    onDelete: props?.onDelete ?? "restore",
    ...(props?.secretInputs ? { secretInputs: props.secretInputs } : {}),
  };
  return { id, props: toOutputs(desired, account, liveSettings(account), originalsOf(props)) };
}

export async function remove(id: string, props: SmsAccountOutputs) {
  if (props.onDelete === "retain") return;
  // Settings in `unchangedSecrets` already have their original value: nothing to write for them.
  const body = accountUpdate(props.original ?? {});
  if (isEmpty(body)) return;
  try {
    await updateAccount(getClient(), props.serviceName, body);
  } catch (error) {
    // An account that no longer exists (terminated) has nothing to give back.
    if (isNotFound(error)) return;
    throw failure(ref(id), "restoring the original settings", error);
  }
}

type Nullable<T> = pulumi.Input<T | null>;

export interface SmsAccountArgs {
  /** The SMS account, e.g. `sms-ab12345-1`; it must exist (accounts are bought). Changing it replaces. */
  serviceName: pulumi.Input<string>;
  /** At most 255 characters. Every setting left out is not managed: left as it is, never drift. */
  description?: pulumi.Input<string>;
  /** The account's delivery-report URL (`callBack`); null clears it. */
  callbackUrl?: Nullable<string>;
  /** URL called when a receiver answers STOP (`stopCallBack`); null clears it. */
  stopCallbackUrl?: Nullable<string>;
  /**
   * What happens when a receiver replies, managed as a whole: fields left out are OVH's defaults (no
   * URL, no text, no tracking). `cgi` needs `cgiUrl`; tracking by e-mail needs e-mail sender and target, by
   * SMS a phone-number target. Tracking options compare without regard to order.
   */
  smsResponse?: pulumi.Input<{
    responseType: pulumi.Input<"none" | "cgi" | "text">;
    cgiUrl?: Nullable<string>;
    text?: Nullable<string>;
    trackingDefaultSmsSender?: Nullable<string>;
    trackingOptions?: pulumi.Input<
      pulumi.Input<{
        media: pulumi.Input<"email" | "sms" | "voice">;
        sender: pulumi.Input<string>;
        target: pulumi.Input<string>;
      }>[]
    >;
  }>;
  /** Credits bought when the account falls to the threshold: one of OVH's packs; null disables it. */
  automaticRecreditAmount?: Nullable<100 | 200 | 250 | 500 | 1000 | 5000 | 10000>;
  /** Credits left at which the automatic recredit buys a pack (0 or more). */
  creditThresholdForAutomaticRecredit?: pulumi.Input<number>;
  /** Alerts sent when a user crosses its limit, managed as a whole (left out: false / none). */
  templates?: pulumi.Input<{
    customizedEmailMode?: pulumi.Input<boolean>;
    customizedSmsMode?: pulumi.Input<boolean>;
    emailBody?: Nullable<string>;
    emailFrom?: Nullable<string>;
    emailSubject?: Nullable<string>;
    /** At most 70 characters. */
    smsBody?: Nullable<string>;
  }>;
  /** `restore` (default): destroy gives back the values found at creation; `retain`: leaves the settings. */
  onDelete?: pulumi.Input<"restore" | "retain">;
}

export class SmsAccount extends pulumi.dynamic.Resource {
  declare readonly serviceName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | null>;
  declare readonly callbackUrl: pulumi.Output<string | null>;
  declare readonly stopCallbackUrl: pulumi.Output<string | null>;
  declare readonly smsResponse: pulumi.Output<SmsAccountOutputs["smsResponse"]>;
  declare readonly automaticRecreditAmount: pulumi.Output<SmsAccountOutputs["automaticRecreditAmount"]>;
  declare readonly creditThresholdForAutomaticRecredit: pulumi.Output<number | null>;
  declare readonly templates: pulumi.Output<SmsAccountOutputs["templates"]>;
  declare readonly original: pulumi.Output<SmsAccountOutputs["original"]>;
  declare readonly unchangedSecrets: pulumi.Output<SmsAccountOutputs["unchangedSecrets"]>;
  declare readonly creditsLeft: pulumi.Output<number>;
  declare readonly creditsHoldByQuota: pulumi.Output<number>;
  declare readonly userQuantityWithQuota: pulumi.Output<number>;
  declare readonly onDelete: pulumi.Output<"restore" | "retain">;

  constructor(name: string, args: SmsAccountArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is seeded with undefined so it exists on the class (undefined inputs are not sent).
    const settings = {
      description: undefined,
      callbackUrl: undefined,
      stopCallbackUrl: undefined,
      smsResponse: undefined,
      automaticRecreditAmount: undefined,
      creditThresholdForAutomaticRecredit: undefined,
      templates: undefined,
    };
    const more = {
      original: undefined,
      unchangedSecrets: undefined,
      creditsLeft: undefined,
      creditsHoldByQuota: undefined,
      onDelete: undefined,
    };
    // One resource per account: a second declaration of the same account fails here, naming both.
    const serviceName = claimed("SmsAccount", name, [args.serviceName], args.serviceName);
    const props = {
      ...settings,
      ...more,
      userQuantityWithQuota: undefined,
      ...args,
      serviceName,
      secretInputs: secretInputNames(args),
    };
    super(smsAccountProvider, name, props, opts, "ovh-sms", "SmsAccount");
  }
}
