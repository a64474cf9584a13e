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
import { z } from "zod";
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updateUser,
  OvhApiError,
  type OvhClient,
  type User,
  type UserUpdate,
} from "../sdk";
import { getClient } from "./config";
import {
  containsUnknown,
  e164Schema,
  emailSchema,
  httpUrlSchema,
  ipv4Schema,
  serviceNameSchema,
  validateInputs,
  type CheckFailure,
} from "./inputs";
import { createLiveCache, type LiveCache } from "./liveCache";

const alertSchema = z
  .strictObject({
    threshold: z.number().int("must be a whole number of credits").min(1, "must be at least 1"),
    via: z.enum(["email", "sms", "both"]),
    email: emailSchema.optional(),
    phoneNumber: e164Schema.optional(),
  })
  .superRefine((alert, ctx) => {
    if (alert.via !== "sms" && !alert.email)
      ctx.addIssue({ code: "custom", path: ["email"], message: `is required when via is "${alert.via}"` });
    if (alert.via !== "email" && !alert.phoneNumber)
      ctx.addIssue({
        code: "custom",
        path: ["phoneNumber"],
        message: `is required when via is "${alert.via}"`,
      });
  });

const quotaSchema = z.strictObject({
  credits: z.number().int("must be a whole number of credits").min(0, "must be 0 or more"),
  topUp: z.union([z.boolean(), z.string().min(1)]).optional(),
});

export const smsUserInputsSchema = z.strictObject({
  serviceName: serviceNameSchema,
  login: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, "must be 1 to 40 letters, digits, '.', '_' or '-'"),
  password: z.string().regex(/^[A-Za-z0-9]{8}$/, "must be exactly 8 letters or digits"),
  callbackUrl: httpUrlSchema.nullish(),
  stopCallbackUrl: httpUrlSchema.nullish(),
  ipRestrictions: z
    .array(ipv4Schema)
    .max(5, "accepts at most 5 IPv4 addresses")
    .refine((ips) => new Set(ips).size === ips.length, "must not list an address twice")
    .optional(),
  quota: quotaSchema.nullish(),
  alert: alertSchema.nullish(),
  adopt: z.boolean().optional(),
});

export type SmsUserInputs = z.infer<typeof smsUserInputsSchema>;

export interface SmsUserOutputs {
  serviceName: string;
  login: string;
  password: string;
  callbackUrl: string | null;
  stopCallbackUrl: string | null;
  ipRestrictions: string[];
  quota: { credits: number; topUp?: boolean | string } | null;
  /** Credits the user can still send from its quota (falls as SMS are sent; never repaired). */
  quotaLeft: number;
  alert: { threshold: number; via: "email" | "sms" | "both"; email?: string; phoneNumber?: string } | null;
  adopt: boolean;
}

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
  if (error instanceof OvhApiError && error.status === 404) return undefined;
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

function wrap(id: string, action: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`SmsUser ${id}: ${action} failed: ${message}`);
}

const viaToSupport = { email: "mail", sms: "sms", both: "both" } as const;
const supportToVia = { mail: "email", sms: "sms", both: "both" } as const;

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function liveAlert(user: User): SmsUserOutputs["alert"] {
  const info = user.alertThresholdInformations;
  if (info.alertThreshold === -1) return null;
  const via = supportToVia[info.support];
  return {
    threshold: info.alertThreshold,
    via,
    ...(via !== "sms" && info.alertEmail ? { email: info.alertEmail } : {}),
    ...(via !== "email" && info.alertNumber ? { phoneNumber: info.alertNumber } : {}),
  };
}

function sameAlert(desired: SmsUserInputs["alert"], user: User): boolean {
  const current = liveAlert(user);
  if (!desired || !current) return !desired && !current;
  return (
    desired.threshold === current.threshold &&
    desired.via === current.via &&
    (desired.email ?? undefined) === current.email &&
    (desired.phoneNumber ?? undefined) === current.phoneNumber
  );
}

/**
 * The PUT body that brings the live user to the desired state: only fields that differ.
 * Quota consumption is not drift: a quota is re-applied only when its configured credits change,
 * when it was raised or deactivated out of band, or when a top-up is asked for.
 */
export function userChanges(desired: SmsUserInputs, user: User, previous?: SmsUserOutputs): UserUpdate {
  const body: UserUpdate = {};
  if (user.password !== undefined && user.password !== desired.password) body.password = desired.password;
  if (emptyToNull(user.callBack) !== emptyToNull(desired.callbackUrl))
    body.callBack = desired.callbackUrl ?? "";
  if (emptyToNull(user.stopCallBack) !== emptyToNull(desired.stopCallbackUrl))
    body.stopCallBack = desired.stopCallbackUrl ?? "";
  if (!sameSet(user.ipRestrictions, desired.ipRestrictions ?? []))
    body.ipRestrictions = desired.ipRestrictions ?? [];

  const quota = user.quotaInformations;
  const want = desired.quota;
  if (!want) {
    if (quota.quotaStatus === "active") body.quotaInformations = { quotaLeft: 0, quotaStatus: "inactive" };
  } else {
    const reapply =
      quota.quotaStatus !== "active" ||
      quota.quotaLeft > want.credits ||
      previous?.quota?.credits !== want.credits ||
      (want.topUp === true && quota.quotaLeft < want.credits) ||
      (typeof want.topUp === "string" && previous?.quota?.topUp !== want.topUp);
    if (reapply) body.quotaInformations = { quotaLeft: want.credits, quotaStatus: "active" };
  }

  if (!sameAlert(desired.alert, user)) {
    const alert = desired.alert;
    body.alertThresholdInformations = alert
      ? {
          alertThreshold: alert.threshold,
          support: viaToSupport[alert.via],
          alertEmail: alert.email ?? "",
          alertNumber: alert.phoneNumber ?? "",
        }
      : { ...user.alertThresholdInformations, alertThreshold: -1 };
  }
  return body;
}

function toOutputs(desired: SmsUserInputs, user: User): SmsUserOutputs {
  const active = user.quotaInformations.quotaStatus === "active";
  return {
    serviceName: desired.serviceName,
    login: user.login,
    password: desired.password,
    callbackUrl: emptyToNull(user.callBack),
    stopCallbackUrl: emptyToNull(user.stopCallBack),
    ipRestrictions: [...user.ipRestrictions].sort(),
    quota: active
      ? { credits: desired.quota?.credits ?? user.quotaInformations.quotaLeft, ...topUpOf(desired) }
      : null,
    quotaLeft: active ? user.quotaInformations.quotaLeft : 0,
    alert: liveAlert(user),
    adopt: desired.adopt ?? false,
  };
}

function topUpOf(desired: SmsUserInputs): { topUp?: boolean | string } {
  return desired.quota?.topUp === undefined ? {} : { topUp: desired.quota.topUp };
}

/** What OVH answers for a user right after POST /users (the defaults of the sms.User model). */
function newUserDefaults(inputs: SmsUserInputs): User {
  return {
    login: inputs.login,
    password: inputs.password,
    callBack: null,
    stopCallBack: null,
    ipRestrictions: [],
    quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
    alertThresholdInformations: { alertThreshold: -1, support: "mail", alertEmail: "", alertNumber: "" },
  };
}

function isEmpty(body: object): boolean {
  return Object.keys(body).length === 0;
}

async function fetchUser(serviceName: string, login: string): Promise<User> {
  const user = await getUser(getClient(), serviceName, login);
  liveUsers().set(serviceName, login, user);
  return user;
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

const inputNames: Record<keyof UserUpdate, keyof SmsUserInputs> = {
  password: "password",
  callBack: "callbackUrl",
  stopCallBack: "stopCallbackUrl",
  ipRestrictions: "ipRestrictions",
  quotaInformations: "quota",
  alertThresholdInformations: "alert",
};

export async function create(inputs: SmsUserInputs) {
  const { serviceName, login } = inputs;
  const id = userId(serviceName, login);
  const client = getClient();
  let created = true;
  try {
    await createUser(client, serviceName, { login, password: inputs.password });
  } catch (error) {
    if (!(error instanceof OvhApiError && error.status === 409 && inputs.adopt)) {
      if (error instanceof OvhApiError && error.status === 409)
        throw new Error(
          `SmsUser ${id}: a user with this login already exists. Set adopt: true to take it over, or choose another login.`,
        );
      throw wrap(id, "creating the user", error);
    }
    created = false;
  }
  try {
    // A user we just made has OVH's defaults: no need to read it before the PUT.
    const current = created ? newUserDefaults(inputs) : await getUser(client, serviceName, login);
    const body = userChanges(inputs, current);
    if (!isEmpty(body)) await updateUser(client, serviceName, login, body);
  } catch (error) {
    if (!created) throw wrap(id, "adopting the user", error);
    // Nothing is left half-made: the user we just created goes away again.
    const undo = await deleteUser(client, serviceName, login).then(
      () => "The user was deleted again.",
      (e: unknown) =>
        `Deleting it again also failed (${e instanceof Error ? e.message : String(e)}): remove it by hand.`,
    );
    throw new Error(
      `SmsUser ${id}: the user was created but its settings could not be applied: ${error instanceof Error ? error.message : String(error)}. ${undo}`,
    );
  }
  const user = await fetchUser(serviceName, login).catch((error) => {
    throw wrap(id, "reading the user after creating it", error);
  });
  return { id, outs: toOutputs(inputs, user) };
}

export async function update(id: string, olds: SmsUserOutputs, news: SmsUserInputs) {
  const { serviceName, login } = news;
  const client = getClient();
  try {
    const current =
      (await liveUsers().get(serviceName, login)) ?? (await getUser(client, serviceName, login));
    const body = userChanges(news, current, olds);
    if (!isEmpty(body)) await updateUser(client, serviceName, login, body);
    const user = await fetchUser(serviceName, login);
    return { outs: toOutputs(news, user) };
  } catch (error) {
    throw wrap(id, "updating the user", error);
  }
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
    password: props?.password ?? user.password ?? "",
    ...(props?.quota ? { quota: props.quota } : {}),
    adopt: props?.adopt ?? false,
  };
  return { id, props: toOutputs(desired, user) };
}

export async function remove(id: string, props: SmsUserOutputs) {
  try {
    await deleteUser(getClient(), props.serviceName, props.login);
  } catch (error) {
    if (error instanceof OvhApiError && error.status === 404) return;
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
   * is refilled to `credits` when `credits` changes, when `topUp` is `true` (every `up`), or when `topUp`
   * is a string that changes (e.g. the month: `"2026-11"`). Absent: no quota.
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
