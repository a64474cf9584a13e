/**
 * SmsAccount's inputs, outputs and the pure mapping between them and OVH's sms.Account: which fields are
 * managed, what differs, what to PUT, what to restore. No I/O here; provider/smsAccount.ts does the calls.
 *
 * A field is managed when the program declares it (null counts: it clears the value). `smsResponse` and
 * `templates` are managed as a whole: what the program leaves out of them is OVH's default (none, null,
 * false, no tracking), as the control panel's forms send them.
 */
import { z } from "zod";
import type { Account, AccountUpdate } from "../sdk";
import { emailSchema, httpUrlSchema, serviceNameSchema } from "./inputs";
import { secretInputsSchema, withoutSecrets } from "./secretInputs";

/** `sms.PackQuantityAutomaticRecreditEnum`: the packs an automatic recredit can buy. */
export const RECREDIT_PACKS = [100, 200, 250, 500, 1000, 5000, 10000] as const;
export type RecreditPack = (typeof RECREDIT_PACKS)[number];

// A phone number as the control panel takes it for SMS tracking (`^(\+|0{2}?)\d+$`, where `0{2}?` is a
// lazy {2}): + or 00, then digits.
const trackingPhone = /^(\+|00)\d+$/;

const trackingOptionSchema = z
  .strictObject({
    media: z.enum(["email", "sms", "voice"]),
    sender: z.string().min(1, "is required"),
    target: z.string().min(1, "is required"),
  })
  .superRefine((option, ctx) => {
    if (option.media === "email") {
      for (const key of ["sender", "target"] as const)
        if (!emailSchema.safeParse(option[key]).success)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: 'must be an e-mail address when media is "email"',
          });
    }
    if (option.media === "sms" && !trackingPhone.test(option.target))
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        message: 'must be a phone number like +33612345678 when media is "sms"',
      });
  });

const smsResponseSchema = z
  .strictObject({
    responseType: z.enum(["none", "cgi", "text"]),
    cgiUrl: httpUrlSchema.nullish(),
    text: z.string().max(255, "must be at most 255 characters").nullish(),
    trackingDefaultSmsSender: z.string().min(1, "cannot be empty (leave it out instead)").nullish(),
    trackingOptions: z.array(trackingOptionSchema).optional(),
  })
  .superRefine((response, ctx) => {
    if (response.responseType === "cgi" && !response.cgiUrl)
      ctx.addIssue({ code: "custom", path: ["cgiUrl"], message: 'is required when responseType is "cgi"' });
    const seen = new Set<string>();
    for (const [i, option] of (response.trackingOptions ?? []).entries()) {
      const key = JSON.stringify([option.media, option.sender, option.target]);
      if (seen.has(key))
        ctx.addIssue({ code: "custom", path: ["trackingOptions", i], message: "is listed twice" });
      seen.add(key);
    }
  });

const templatesSchema = z.strictObject({
  customizedEmailMode: z.boolean().optional(),
  customizedSmsMode: z.boolean().optional(),
  emailBody: z.string().nullish(),
  emailFrom: emailSchema.nullish(),
  emailSubject: z.string().nullish(),
  smsBody: z.string().max(70, "must be at most 70 characters").nullish(),
});

export const smsAccountInputsSchema = z.strictObject({
  serviceName: serviceNameSchema,
  description: z.string().max(255, "must be at most 255 characters").optional(),
  callbackUrl: httpUrlSchema.nullish(),
  stopCallbackUrl: httpUrlSchema.nullish(),
  smsResponse: smsResponseSchema.optional(),
  automaticRecreditAmount: z
    .union(
      RECREDIT_PACKS.map((n) => z.literal(n)),
      { error: `must be one of ${RECREDIT_PACKS.join(", ")} (OVH's packs), or null to disable it` },
    )
    .nullish(),
  creditThresholdForAutomaticRecredit: z.number().min(0, "must be 0 or more").optional(),
  templates: templatesSchema.optional(),
  onDelete: z.enum(["restore", "retain"]).optional(),
  secretInputs: secretInputsSchema,
});

export type SmsAccountInputs = z.infer<typeof smsAccountInputsSchema>;

export interface TrackingOption {
  media: "email" | "sms" | "voice";
  sender: string;
  target: string;
}

/** The managed settings in their canonical form (what outputs and `original` hold). */
export interface AccountSettings {
  description: string;
  callbackUrl: string | null;
  stopCallbackUrl: string | null;
  smsResponse: {
    responseType: "none" | "cgi" | "text";
    cgiUrl: string | null;
    text: string | null;
    trackingDefaultSmsSender: string | null;
    trackingOptions: TrackingOption[];
  };
  automaticRecreditAmount: RecreditPack | null;
  creditThresholdForAutomaticRecredit: number;
  templates: {
    customizedEmailMode: boolean;
    customizedSmsMode: boolean;
    emailBody: string | null;
    emailFrom: string | null;
    emailSubject: string | null;
    smsBody: string | null;
  };
}

export type SettingName = keyof AccountSettings;

export const SETTING_NAMES: readonly SettingName[] = [
  "description",
  "callbackUrl",
  "stopCallbackUrl",
  "smsResponse",
  "automaticRecreditAmount",
  "creditThresholdForAutomaticRecredit",
  "templates",
];

/** Outputs: the live value of each managed setting, null for the settings the program leaves alone. */
export type SmsAccountOutputs = { [K in SettingName]: AccountSettings[K] | null } & {
  serviceName: string;
  /** The values found before this stack changed them, for the settings it manages: `delete` restores them. */
  original: Partial<AccountSettings>;
  /** Managed settings whose original is not stored (see `Originals`); absent when there is none. */
  unchangedSecrets?: SettingName[];
  /** Read-only figures of the account (never drift). */
  creditsLeft: number;
  creditsHoldByQuota: number;
  userQuantityWithQuota: number;
  onDelete: "restore" | "retain";
  /** Inputs the program made secret: absent from these outputs (see provider/secretInputs.ts). */
  secretInputs?: string[];
};

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

function sortedOptions(options: readonly TrackingOption[] | null | undefined): TrackingOption[] {
  return [...(options ?? [])]
    .map(({ media, sender, target }) => ({ media, sender, target }))
    .sort((a, b) => optionKey(a).localeCompare(optionKey(b)));
}

function optionKey(option: TrackingOption): string {
  return JSON.stringify([option.media, option.sender, option.target]);
}

/** The live settings of an account, in canonical form. */
export function liveSettings(account: Account): AccountSettings {
  const r = account.smsResponse;
  const t = account.templates;
  return {
    description: account.description,
    callbackUrl: emptyToNull(account.callBack),
    stopCallbackUrl: emptyToNull(account.stopCallBack),
    smsResponse: {
      responseType: r.responseType,
      cgiUrl: emptyToNull(r.cgiUrl),
      text: emptyToNull(r.text),
      trackingDefaultSmsSender: emptyToNull(r.trackingDefaultSmsSender),
      trackingOptions: sortedOptions(r.trackingOptions),
    },
    automaticRecreditAmount: account.automaticRecreditAmount,
    creditThresholdForAutomaticRecredit: account.creditThresholdForAutomaticRecredit,
    templates: {
      customizedEmailMode: t.customizedEmailMode,
      customizedSmsMode: t.customizedSmsMode,
      emailBody: emptyToNull(t.emailBody),
      emailFrom: emptyToNull(t.emailFrom),
      emailSubject: emptyToNull(t.emailSubject),
      smsBody: emptyToNull(t.smsBody),
    },
  };
}

/** The settings the program declares, in canonical form (an undeclared setting is absent). */
export function declaredSettings(inputs: SmsAccountInputs): Partial<AccountSettings> {
  const out: Partial<AccountSettings> = {};
  if (inputs.description !== undefined) out.description = inputs.description;
  if (inputs.callbackUrl !== undefined) out.callbackUrl = inputs.callbackUrl;
  if (inputs.stopCallbackUrl !== undefined) out.stopCallbackUrl = inputs.stopCallbackUrl;
  if (inputs.smsResponse !== undefined) {
    const r = inputs.smsResponse;
    out.smsResponse = {
      responseType: r.responseType,
      cgiUrl: emptyToNull(r.cgiUrl),
      text: emptyToNull(r.text),
      trackingDefaultSmsSender: emptyToNull(r.trackingDefaultSmsSender),
      trackingOptions: sortedOptions(r.trackingOptions),
    };
  }
  if (inputs.automaticRecreditAmount !== undefined)
    out.automaticRecreditAmount = inputs.automaticRecreditAmount as RecreditPack | null;
  if (inputs.creditThresholdForAutomaticRecredit !== undefined)
    out.creditThresholdForAutomaticRecredit = inputs.creditThresholdForAutomaticRecredit;
  if (inputs.templates !== undefined) {
    const t = inputs.templates;
    out.templates = {
      customizedEmailMode: t.customizedEmailMode ?? false,
      customizedSmsMode: t.customizedSmsMode ?? false,
      emailBody: emptyToNull(t.emailBody),
      emailFrom: emptyToNull(t.emailFrom),
      emailSubject: emptyToNull(t.emailSubject),
      smsBody: emptyToNull(t.smsBody),
    };
  }
  return out;
}

/** Inputs in canonical order (tracking options sorted), so their order in a program never shows as a change. */
export function normalizeInputs(inputs: SmsAccountInputs): SmsAccountInputs {
  const options = inputs.smsResponse?.trackingOptions;
  if (!inputs.smsResponse || !options) return inputs;
  return { ...inputs, smsResponse: { ...inputs.smsResponse, trackingOptions: sortedOptions(options) } };
}

/**
 * Deep equality of settings. Key order does not count: values read back from the state (`original`) come
 * with their keys sorted (the engine passes them as protobuf Structs), not in the order liveSettings uses.
 */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sortedKeys(object[key])]),
  );
}

/** The settings of `wanted` that differ from the live ones. */
export function differing(wanted: Partial<AccountSettings>, live: AccountSettings): SettingName[] {
  return SETTING_NAMES.filter((name) => name in wanted && !same(wanted[name], live[name]));
}

/** The PUT body that writes the given settings (sms.Account's field names). */
export function accountUpdate(settings: Partial<AccountSettings>): AccountUpdate {
  const body: AccountUpdate = {};
  if (settings.description !== undefined) body.description = settings.description;
  if (settings.callbackUrl !== undefined) body.callBack = settings.callbackUrl ?? "";
  if (settings.stopCallbackUrl !== undefined) body.stopCallBack = settings.stopCallbackUrl ?? "";
  if (settings.smsResponse !== undefined) body.smsResponse = { ...settings.smsResponse };
  if (settings.automaticRecreditAmount !== undefined)
    body.automaticRecreditAmount = settings.automaticRecreditAmount;
  if (settings.creditThresholdForAutomaticRecredit !== undefined)
    body.creditThresholdForAutomaticRecredit = settings.creditThresholdForAutomaticRecredit;
  if (settings.templates !== undefined) body.templates = { ...settings.templates };
  return body;
}

export function pick(
  settings: Partial<AccountSettings>,
  names: readonly SettingName[],
): Partial<AccountSettings> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (settings[name] !== undefined) out[name] = settings[name];
  return out as Partial<AccountSettings>;
}

/**
 * What a managed setting is given back (on delete, or when the program stops declaring it).
 *
 * A setting the program made secret whose value found was the declared one is listed in
 * `unchangedSecrets` instead of `original`: that value is the secret, which outputs never hold (Pulumi's
 * SDK prints outputs in its debug log, see provider/secretInputs.ts), and leaving the setting as it is
 * gives it back. The cost: if the program later declares another value, the first one is not known any
 * more and stays unrestored. An original that differs from the declared secret is kept: it is the
 * account's value, which the program never declared.
 */
export interface Originals {
  original: Partial<AccountSettings>;
  unchangedSecrets: SettingName[];
}

export function originalsOf(outputs?: Partial<SmsAccountOutputs>): Originals {
  return { original: outputs?.original ?? {}, unchangedSecrets: outputs?.unchangedSecrets ?? [] };
}

function recorded(originals: Originals, name: SettingName): boolean {
  return originals.original[name] !== undefined || originals.unchangedSecrets.includes(name);
}

/**
 * The originals of a write that may have been applied in part: those just planned, and those of settings
 * no longer declared (they may not have been given back yet).
 */
export function keptOriginals(older: Originals, newer: Originals): Originals {
  const original: Record<string, unknown> = { ...older.original, ...newer.original };
  for (const name of newer.unchangedSecrets) delete original[name];
  const unchangedSecrets = SETTING_NAMES.filter(
    (name) => older.unchangedSecrets.includes(name) || newer.unchangedSecrets.includes(name),
  );
  return { original: original as Partial<AccountSettings>, unchangedSecrets };
}

/** Whether two records of originals say the same (key order aside). */
export function sameOriginals(a: Originals, b: Originals): boolean {
  return same(a.original, b.original) && same(a.unchangedSecrets, b.unchangedSecrets);
}

/**
 * What to write and what to remember, given the program, the live account and the previous outputs:
 * - `write`: declared settings that differ from the live ones, and settings no longer declared whose
 *   original value differs from the live one (they are given back);
 * - `originals`: for each setting still declared, the value found before this stack first changed it.
 */
export function plan(
  desired: SmsAccountInputs,
  live: AccountSettings,
  previous: Originals = { original: {}, unchangedSecrets: [] },
): {
  write: Partial<AccountSettings>;
  drifted: SettingName[];
  restored: SettingName[];
  originals: Originals;
} {
  const wanted = declaredSettings(desired);
  const secret = desired.secretInputs ?? [];
  const managed = SETTING_NAMES.filter((name) => name in wanted);
  const drifted = differing(wanted, live);
  const dropped = SETTING_NAMES.filter((name) => recorded(previous, name) && !(name in wanted));
  // A setting recorded as unchanged has no value to give back: it is not in `previous.original`.
  const restored = differing(pick(previous.original, dropped), live);
  const original: Record<string, unknown> = {};
  const unchangedSecrets: SettingName[] = [];
  for (const name of managed) {
    if (previous.unchangedSecrets.includes(name)) {
      unchangedSecrets.push(name);
      continue;
    }
    const found = previous.original[name] !== undefined ? previous.original[name] : live[name];
    // Checked at every write, not only the first: a value recorded in clear becomes secret this way too.
    if (secret.includes(name) && same(found, wanted[name])) unchangedSecrets.push(name);
    else original[name] = found;
  }
  const write = { ...pick(previous.original, restored), ...pick(wanted, drifted) };
  return {
    write,
    drifted,
    restored,
    originals: { original: original as Partial<AccountSettings>, unchangedSecrets },
  };
}

/** The live settings after a successful PUT of `write`. */
export function applied(live: AccountSettings, write: Partial<AccountSettings>): AccountSettings {
  return { ...live, ...write };
}

export function toOutputs(
  desired: SmsAccountInputs,
  account: Account,
  settings: AccountSettings,
  { original, unchangedSecrets }: Originals,
): SmsAccountOutputs {
  const managed = new Set([...Object.keys(original), ...unchangedSecrets]);
  const outputs = {} as Record<SettingName, unknown>;
  for (const name of SETTING_NAMES) outputs[name] = managed.has(name) ? settings[name] : null;
  const result: SmsAccountOutputs = {
    serviceName: desired.serviceName,
    ...(outputs as { [K in SettingName]: AccountSettings[K] | null }),
    original,
    // Only when there is one, so the outputs of programs without secrets stay as they were.
    ...(unchangedSecrets.length > 0 ? { unchangedSecrets } : {}),
    creditsLeft: account.creditsLeft,
    creditsHoldByQuota: account.creditsHoldByQuota,
    userQuantityWithQuota: account.userQuantityWithQuota,
    onDelete: desired.onDelete ?? "restore",
    ...(desired.secretInputs ? { secretInputs: desired.secretInputs } : {}),
  };
  return withoutSecrets(result, desired.secretInputs);
}
