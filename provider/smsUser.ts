/**
 * SmsUser: a user of an OVHcloud SMS account with all its settings.
 *
 *   create → POST /sms/{serviceName}/users, then one PUT of the settings, then GET (read after write)
 *   diff   → GET (prefetched per account) and compare with the desired state: drift shows in preview
 *   update → one PUT of the fields that differ, then GET
 *   read   → GET (refresh); a user deleted out of band leaves the state
 *   delete → DELETE (404 means already gone)
 *
 * The object stored in the state is a shim whose methods `require("pulumi-ovh-sms/runtime")`: the
 * logic always comes from the installed package, and credentials come from `configure` or OVH_* env.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  createUser,
  deleteUser,
  getUser,
  isConflict,
  isNotFound,
  listUsers,
  updateUser,
  type OvhClient,
  type User,
  type UserUpdate,
} from "../sdk";
import { getClient } from "./config";
import { containsUnknown, validateInputs, type CheckFailure } from "./inputs";
import { createLiveCache, type LiveCache } from "./liveCache";
import {
  applyUpdate,
  inputNames,
  newUserDefaults,
  smsUserInputsSchema,
  toOutputs,
  userChanges,
  type SmsUserInputs,
  type SmsUserOutputs,
} from "./smsUserModel";

export { smsUserInputsSchema, userChanges, type SmsUserInputs, type SmsUserOutputs } from "./smsUserModel";

// One cache per client: `configure` makes a new client, and with it starts a new operation.
const liveByClient = new WeakMap<OvhClient, LiveCache<User>>();

function liveUsers(): LiveCache<User> {
  const client = getClient();
  let cache = liveByClient.get(client);
  if (!cache) {
    cache = createLiveCache<User>({
      list: (serviceName) => listUsers(client, serviceName),
      fetch: (serviceName, login) => getUser(client, serviceName, login).catch(notFoundAsUndefined),
    });
    liveByClient.set(client, cache);
  }
  return cache;
}

function notFoundAsUndefined(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

function userId(serviceName: string, login: string): string {
  return `${serviceName}/${login}`;
}

function parseId(id: string): { serviceName: string; login: string } {
  const [serviceName, login, ...rest] = id.split("/");
  if (!serviceName || !login || rest.length > 0)
    throw new Error(`SmsUser id "${id}" is not of the form <serviceName>/<login>`);
  return { serviceName, login };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function wrap(id: string, action: string, error: unknown): Error {
  return new Error(`SmsUser ${id}: ${action} failed: ${messageOf(error)}`);
}

function isEmpty(body: object): boolean {
  return Object.keys(body).length === 0;
}

/**
 * Read after write. Once a PUT has succeeded its effect must reach the state even if the read fails,
 * or the next `up` would apply it again (a quota refill would wipe what was spent meanwhile): the
 * state is then computed from what was written.
 */
async function readBack(serviceName: string, expected: User): Promise<User> {
  const id = userId(serviceName, expected.login);
  try {
    const user = await getUser(getClient(), serviceName, expected.login);
    liveUsers().set(serviceName, expected.login, user);
    return user;
  } catch (error) {
    console.error(
      `SmsUser ${id}: written, but reading it back failed (${messageOf(error)}); state from the request`,
    );
    return expected;
  }
}

export async function check(_olds: unknown, news: Record<string, unknown>) {
  const { value, failures } = validateInputs(smsUserInputsSchema, news);
  if (!value) return { inputs: news, failures: failures satisfies CheckFailure[] };
  // Sorted so that the order of IP restrictions in a program never shows as a change.
  const inputs = value.ipRestrictions
    ? { ...value, ipRestrictions: [...value.ipRestrictions].sort() }
    : value;
  return { inputs: { ...inputs, __provider: news.__provider }, failures: [] };
}

export async function diff(id: string, olds: SmsUserOutputs, news: SmsUserInputs) {
  const replaces = (["serviceName", "login"] as const).filter((key) => olds[key] !== news[key]);
  if (replaces.length > 0) return { changes: true, replaces };
  // During preview unknown inputs are changes; the real comparison happens at update.
  const { __provider: _p, ...desired } = news as SmsUserInputs & { __provider?: unknown };
  if (containsUnknown(desired)) return { changes: true };
  const user = await liveUsers()
    .get(news.serviceName, news.login)
    .catch((error) => {
      throw wrap(id, "reading the live user", error);
    });
  // Deleted out of band: recreate it. Delete first, the new user has the same id.
  if (!user) {
    console.error(`SmsUser ${id}: the user no longer exists on OVH; it will be created again`);
    return { changes: true, replaces: ["login"], deleteBeforeReplace: true };
  }
  const fields = Object.keys(userChanges(desired, user, olds)).map(
    (key) => inputNames[key as keyof UserUpdate],
  );
  // The engine shows no per-field diff for dynamic providers: say which fields differ (never their values).
  if (fields.length > 0)
    console.error(`SmsUser ${id}: the live user differs from the program in ${fields.join(", ")}`);
  return { changes: fields.length > 0 };
}

export async function create(inputs: SmsUserInputs) {
  const { serviceName, login } = inputs;
  const id = userId(serviceName, login);
  const client = getClient();
  let created = true;
  try {
    await createUser(client, serviceName, { login, password: inputs.password });
  } catch (error) {
    if (!(isConflict(error) && inputs.adopt)) {
      if (isConflict(error))
        throw new Error(
          `SmsUser ${id}: a user with this login already exists. Set adopt: true to take it over, or choose another login.`,
        );
      throw wrap(id, "creating the user", error);
    }
    created = false;
  }
  let written: User;
  try {
    // A user we just made has OVH's defaults: no need to read it before the PUT.
    const current = created ? newUserDefaults(inputs) : await getUser(client, serviceName, login);
    const body = userChanges(inputs, current);
    if (!isEmpty(body)) await updateUser(client, serviceName, login, body);
    written = applyUpdate(current, body);
  } catch (error) {
    if (!created) throw wrap(id, "adopting the user", error);
    // Nothing is left half-made: the user we just created goes away again.
    const undo = await deleteUser(client, serviceName, login).then(
      () => "The user was deleted again.",
      (e: unknown) => `Deleting it again also failed (${messageOf(e)}): remove it by hand.`,
    );
    throw new Error(
      `SmsUser ${id}: the user was created but its settings could not be applied: ${messageOf(error)}. ${undo}`,
    );
  }
  return { id, outs: toOutputs(inputs, await readBack(serviceName, written)) };
}

export async function update(id: string, olds: SmsUserOutputs, news: SmsUserInputs) {
  const { serviceName, login } = news;
  const client = getClient();
  let written: User;
  try {
    const current =
      (await liveUsers().get(serviceName, login)) ?? (await getUser(client, serviceName, login));
    const body = userChanges(news, current, olds);
    if (!isEmpty(body)) await updateUser(client, serviceName, login, body);
    written = applyUpdate(current, body);
  } catch (error) {
    throw wrap(id, "updating the user", error);
  }
  return { outs: toOutputs(news, await readBack(serviceName, written)) };
}

export async function read(id: string, props?: SmsUserOutputs) {
  const { serviceName, login } = parseId(id);
  const user = await liveUsers()
    .get(serviceName, login)
    .catch((error) => {
      throw wrap(id, "reading the user", error);
    });
  if (!user) return { id: "" };
  const desired: SmsUserInputs = {
    serviceName,
    login,
    password: props?.password ?? user.password,
    ...(props?.quota ? { quota: props.quota } : {}),
    adopt: props?.adopt ?? false,
  };
  return { id, props: toOutputs(desired, user) };
}

export async function remove(id: string, props: SmsUserOutputs) {
  try {
    await deleteUser(getClient(), props.serviceName, props.login);
  } catch (error) {
    if (isNotFound(error)) return;
    throw wrap(id, "deleting the user", error);
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- the shim must not capture module variables */
// The text of these functions is stored twice per resource in the state: keep it short.
type Runtime = typeof import("./runtime");
export const smsUserProvider: pulumi.dynamic.ResourceProvider = {
  configure: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).configure(...a),
  check: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.check(...a),
  diff: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.diff(...a),
  create: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.create(...a),
  read: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.read(...a),
  update: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.update(...a),
  delete: (...a) => (require("pulumi-ovh-sms/runtime") as Runtime).smsUser.remove(...a),
};
/* eslint-enable @typescript-eslint/no-require-imports */

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
  declare readonly password: pulumi.Output<string>;
  declare readonly callbackUrl: pulumi.Output<string | null>;
  declare readonly stopCallbackUrl: pulumi.Output<string | null>;
  declare readonly ipRestrictions: pulumi.Output<string[]>;
  declare readonly quota: pulumi.Output<SmsUserOutputs["quota"]>;
  declare readonly quotaLeft: pulumi.Output<number>;
  declare readonly alert: pulumi.Output<SmsUserOutputs["alert"]>;
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: SmsUserArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is seeded with undefined so it exists on the class; the password is always a secret,
    // also in the stored inputs, even when the program passes a plain string.
    const outputs = { callbackUrl: undefined, stopCallbackUrl: undefined, ipRestrictions: undefined };
    const more = { quota: undefined, quotaLeft: undefined, alert: undefined, adopt: undefined };
    const props = { ...outputs, ...more, ...args, password: pulumi.secret(args.password) };
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "password"];
    super(
      smsUserProvider,
      name,
      props,
      { ...opts, additionalSecretOutputs: secretOutputs },
      "ovh-sms",
      "SmsUser",
    );
  }
}
