/**
 * SmsUser: a user of an OVHcloud SMS account with all its settings.
 *
 *   check  → inputs (zod), then the account (GET, once per account) and the credits the plan's quotas take
 *   create → POST /sms/{serviceName}/users, then one PUT of the settings (the state is what was written);
 *            an unknown outcome or a 409 is resolved by reading (provider/lifecycle.ts)
 *   diff   → GET (prefetched per account) and compare with the desired state: drift shows in preview
 *   update → one PUT of the fields that differ (the live user was read by diff)
 *   read   → GET (refresh); a user deleted out of band leaves the state
 *   delete → DELETE (404 means already gone)
 *
 * The provider object stored in the state is providers/smsUser.ts (one `require` line when the package is
 * installed): the logic always comes from the installed package, and credentials from `configure` or env.
 */
import * as pulumi from "@pulumi/pulumi";
import { createUser, deleteUser, getUser, isNotFound, updateUser, type User } from "../sdk";
import { claimed } from "./claims";
import { getClient } from "./config";
import { checkInputs, type CheckSpec } from "./checked";
import { containsUnknown, isUnknown, type CheckFailure } from "./inputs";
import { createOnce, failure, recordedAs, report, undoCreate, type ResourceRef } from "./lifecycle";
import { notFoundAsUndefined } from "./liveCache";
import { liveUsers } from "./liveUsers";
// The module's exports object itself is what the closure serializer can store as a require (tsc's
// `import *` of an ES-module-flagged CommonJS module is that object, not a copy).
import * as smsUserProvider from "./providers/smsUser";
import { openFields, openFieldsLeniently } from "./sealed";
import { secretInputNames } from "./secretInputs";
import { accountOrProblem, creditShortfall, incomingCredits, planCredits, type Call } from "./preflight";
import {
  applyUpdate,
  heldBy,
  inputNames,
  newUserDefaults,
  smsUserInputsSchema,
  toOutputs,
  userChanges,
  type SmsUserInputs,
  type SmsUserOutputs,
} from "./smsUserModel";

export { smsUserInputsSchema, userChanges, type SmsUserInputs, type SmsUserOutputs } from "./smsUserModel";

function userId(serviceName: string, login: string): string {
  return `${serviceName}/${login}`;
}

const ref = (id: string): ResourceRef => ({ kind: "SmsUser", id });

function parseId(id: string): { serviceName: string; login: string } {
  const [serviceName, login, ...rest] = id.split("/");
  if (!serviceName || !login || rest.length > 0)
    throw new Error(`SmsUser id "${id}" is not of the form <serviceName>/<login>`);
  return { serviceName, login };
}

function isEmpty(body: object): boolean {
  return Object.keys(body).length === 0;
}

/**
 * The state after a successful write is computed from what was written, without reading it back: a GET
 * would cost a round trip per create and update and could only show what the next diff compares anyway
 * (the live user). Later lookups in this operation see it too.
 */
/** The live user (undefined when it does not exist), read once per operation; errors name the user. */
function liveUser(serviceName: string, login: string): Promise<User | undefined> {
  return liveUsers()
    .get(serviceName, login)
    .catch((error: unknown) => {
      throw failure(ref(userId(serviceName, login)), "reading the live user", error);
    });
}

function written(serviceName: string, user: User): User {
  liveUsers().set(serviceName, user.login, user);
  return user;
}

const checkSpec: CheckSpec<SmsUserInputs> = {
  kind: "SmsUser",
  schema: smsUserInputsSchema,
  identity: ["serviceName", "login"],
  alwaysSecret: ["password"],
  // Sorted so that the order of IP restrictions in a program never shows as a change.
  normalize: (value) =>
    value.ipRestrictions ? { ...value, ipRestrictions: [...value.ipRestrictions].sort() } : value,
  preflight,
};

export function check(olds: object, program: Record<string, unknown>) {
  return checkInputs(checkSpec, olds, program);
}

function clash(serviceName: string): string {
  return (
    `a user with this login already exists on ${serviceName} with another password, so this program did ` +
    "not make it. To manage it here, set adopt: true (its settings, password included, become the " +
    "declared ones); otherwise choose another login."
  );
}

/** The calls SmsUser makes on its account: the consumer key must allow them all. */
function userCalls(serviceName: string, login: string): Call[] {
  const users = `/sms/${serviceName}/users`;
  const one = `${users}/${isUnknown(login) ? "x" : encodeURIComponent(login)}`;
  return [
    ["GET", `/sms/${serviceName}`],
    ["GET", users],
    ["POST", users],
    ["GET", one],
    ["PUT", one],
    ["DELETE", one],
  ];
}

/** What preview can tell from the live account: it exists and is usable; the plan's quotas fit in it. */
async function preflight(desired: SmsUserInputs, olds: Partial<SmsUserInputs>): Promise<CheckFailure[]> {
  const { serviceName, login } = desired;
  if (isUnknown(serviceName)) return [];
  const counts = !!desired.quota && !containsUnknown(desired.quota) && !isUnknown(login);
  // A user this stack does not manage yet: one that exists with another password is someone else's.
  const clashes =
    olds.login === undefined && !desired.adopt && !isUnknown(login) && !isUnknown(desired.password);
  // Both reads at once: check runs one resource at a time, so each round trip here adds to the preview.
  const reading = counts || clashes ? liveUser(serviceName, login) : Promise.resolve(undefined);
  reading.catch(() => {}); // awaited below, unless the account itself is the problem
  const account = await accountOrProblem(serviceName, userCalls(serviceName, login));
  if (typeof account === "string") return [{ property: "serviceName", reason: `serviceName: ${account}` }];
  const live = await reading;
  if (clashes && live && live.password !== desired.password)
    return [{ property: "login", reason: `login: ${clash(serviceName)}` }];
  if (!counts || !desired.quota) return [];
  // A login change on the same account deletes the old user first (see diff): its credits come back.
  const replaced =
    olds.serviceName === serviceName && olds.login && olds.login !== login
      ? heldBy(await liveUser(serviceName, olds.login))
      : 0;
  const body = userChanges(desired, live ?? newUserDefaults(desired), olds);
  const taken = body.quotaInformations ? desired.quota.credits - heldBy(live) - replaced : 0;
  const shortfall = creditShortfall(
    serviceName,
    account.creditsLeft,
    planCredits(serviceName, login, () => taken),
    incomingCredits(serviceName),
  );
  return shortfall ? [{ property: "quota", reason: `quota.credits: ${shortfall}` }] : [];
}

export async function diff(id: string, olds: SmsUserOutputs, checked: SmsUserInputs) {
  const { values: news, unreadable } = openFieldsLeniently(checked, `SmsUser ${id}`);
  const replaces = (["serviceName", "login"] as const).filter((key) => olds[key] !== news[key]);
  if (replaces.length > 0) {
    // The new user's quota may need the credits the old one holds: delete it first (it shares no login).
    const deleteBeforeReplace = olds.serviceName === news.serviceName && !!olds.quota && !!news.quota;
    if (deleteBeforeReplace)
      report(
        ref(id),
        "replaced delete-first, so the new user's quota can use the credits the old one returns",
      );
    return { changes: true, replaces, deleteBeforeReplace };
  }
  // During preview unknown inputs are changes; the real comparison happens at update.
  const { __provider: _p, ...desired } = news as SmsUserInputs & { __provider?: unknown };
  if (containsUnknown(desired)) return { changes: true };
  const user = await liveUser(news.serviceName, news.login);
  // Deleted out of band: recreate it. Delete first, the new user has the same id.
  if (!user) {
    report(ref(id), "the user no longer exists on OVH; it will be created again");
    return { changes: true, replaces: ["login"], deleteBeforeReplace: true };
  }
  // Inputs sealed by an earlier process (refresh diffs the stored inputs) compare as the live values.
  const live: Record<string, unknown> = { ...toOutputs(desired, user), password: user.password };
  for (const name of unreadable) (desired as Record<string, unknown>)[name] = live[name] ?? undefined;
  const fields = Object.keys(userChanges(desired, user, olds)).map(
    (key) => inputNames[key as keyof typeof inputNames],
  );
  // The engine shows no per-field diff for dynamic providers: say which fields differ (never their values).
  if (fields.length > 0) report(ref(id), `the live user differs from the program in ${fields.join(", ")}`);
  return { changes: fields.length > 0 };
}

export async function create(checked: SmsUserInputs) {
  const inputs = openFields(checked, "SmsUser input");
  const { serviceName, login } = inputs;
  const id = userId(serviceName, login);
  const client = getClient();
  const found = await createOnce(ref(id), {
    post: () => createUser(client, serviceName, { login, password: inputs.password }),
    read: () => getUser(client, serviceName, login).catch(notFoundAsUndefined),
    // The password is the proof: nobody else knows the one this program declares.
    isOurs: (user) => user.password === inputs.password,
    adopt: inputs.adopt ?? false,
    conflict: clash(serviceName),
  });
  // A user we just made has OVH's defaults: no need to read it before the PUT.
  const current = found.how === "created" ? newUserDefaults(inputs) : found.live;
  const body = userChanges(inputs, current);
  try {
    if (!isEmpty(body)) await updateUser(client, serviceName, login, body);
  } catch (error) {
    // An adopted user existed before: it stays. One this program made is not left half-made.
    if (found.how === "adopted") throw failure(ref(id), "applying the settings to the adopted user", error);
    return undoCreate(
      ref(id),
      "applying its settings",
      error,
      () => deleteUser(client, serviceName, login).catch(notFoundAsUndefined),
      recordedAs(id, toOutputs(inputs, current), inputs),
    );
  }
  return { id, outs: toOutputs(inputs, written(serviceName, applyUpdate(current, body))) };
}

export async function update(id: string, olds: SmsUserOutputs, checked: SmsUserInputs) {
  const news = openFields(checked, `SmsUser ${id}`);
  const { serviceName, login } = news;
  const client = getClient();
  let after: User;
  try {
    const current =
      (await liveUsers().get(serviceName, login)) ?? (await getUser(client, serviceName, login));
    const body = userChanges(news, current, olds);
    if (!isEmpty(body)) await updateUser(client, serviceName, login, body);
    after = applyUpdate(current, body);
  } catch (error) {
    throw failure(ref(id), "updating the user", error);
  }
  return { outs: toOutputs(news, written(serviceName, after)) };
}

export async function read(id: string, props?: SmsUserOutputs) {
  const { serviceName, login } = parseId(id);
  const user = await liveUser(serviceName, login);
  if (!user) return { id: "" };
  const desired: SmsUserInputs = {
    serviceName,
    login,
    password: user.password,
    ...(props?.quota ? { quota: props.quota } : {}),
    adopt: props?.adopt ?? false,
    ...(props?.secretInputs ? { secretInputs: props.secretInputs } : {}),
  };
  return { id, props: toOutputs(desired, user) };
}

export async function remove(id: string, props: SmsUserOutputs) {
  try {
    await deleteUser(getClient(), props.serviceName, props.login);
  } catch (error) {
    if (isNotFound(error)) return;
    throw failure(ref(id), "deleting the user", error);
  }
}

export interface SmsUserArgs {
  /** The SMS account, e.g. `sms-ab12345-1`. Changing it replaces the user. */
  serviceName: pulumi.Input<string>;
  /** 1–40 letters, digits, `.`, `_`, `-`. Changing it replaces the user. */
  login: pulumi.Input<string>;
  /** Exactly 8 letters or digits (OVH's rule). Always stored as a secret. */
  password: pulumi.Input<string>;
  /** Delivery-report (DLR) URL called when the state of a sent SMS changes. */
  callbackUrl?: pulumi.Input<string>;
  /** URL called when a receiver answers STOP. */
  stopCallbackUrl?: pulumi.Input<string>;
  /** Up to 5 IPv4 addresses allowed to send as this user through http2sms; order does not matter. */
  ipRestrictions?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Credits held from the account for this user. Sending consumes them and that is not drift; the quota
   * is refilled to `credits` when `credits` changes, when `topUp` is `true` (every `up`), when `topUp`
   * is a string that changes (e.g. the month: `"2026-11"`), or when the quota was deactivated or raised
   * out of band (the repair holds `credits` again). Absent: no quota.
   */
  quota?: pulumi.Input<{ credits: pulumi.Input<number>; topUp?: pulumi.Input<boolean | string> }>;
  /** Alert when the user's credits fall to `threshold` (the "limit" of the control panel). Absent: disabled. */
  alert?: pulumi.Input<{
    threshold: pulumi.Input<number>;
    via: pulumi.Input<"email" | "sms" | "both">;
    email?: pulumi.Input<string>;
    phoneNumber?: pulumi.Input<string>;
  }>;
  /** Take over a user that already exists instead of failing (the `import` option cannot work here). */
  adopt?: pulumi.Input<boolean>;
}

export class SmsUser extends pulumi.dynamic.Resource {
  declare readonly serviceName: pulumi.Output<string>;
  declare readonly login: pulumi.Output<string>;
  readonly password: pulumi.Output<string>;
  declare readonly callbackUrl: pulumi.Output<string | null>;
  declare readonly stopCallbackUrl: pulumi.Output<string | null>;
  declare readonly ipRestrictions: pulumi.Output<string[]>;
  declare readonly quota: pulumi.Output<SmsUserOutputs["quota"]>;
  declare readonly quotaLeft: pulumi.Output<number>;
  declare readonly alert: pulumi.Output<SmsUserOutputs["alert"]>;
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: SmsUserArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is seeded with undefined so it exists on the class; the password is always a secret
    // in the stored inputs, even when the program passes a plain string.
    const outputs = { callbackUrl: undefined, stopCallbackUrl: undefined, ipRestrictions: undefined };
    const more = { quota: undefined, quotaLeft: undefined, alert: undefined, adopt: undefined };
    // One resource per OVH user: a second declaration of the same user fails here, naming both.
    const serviceName = claimed("SmsUser", name, [args.serviceName, args.login], args.serviceName);
    const props = {
      ...outputs,
      ...more,
      ...args,
      serviceName,
      password: pulumi.secret(args.password),
      // The password is never an output: no need to name it.
      secretInputs: secretInputNames({ ...args, password: undefined }),
    };
    super(smsUserProvider, name, props, opts, "ovh-sms", "SmsUser");
    // The password is an input, not an output (see SmsUserOutputs): this property gives it back, as a
    // secret, once the user exists.
    this.password = pulumi.secret(pulumi.all([this.id, args.password]).apply(([, password]) => password));
  }
}
