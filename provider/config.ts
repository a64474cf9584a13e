import { createHmac, randomUUID } from "node:crypto";
import { createClient, resolveConfig, type OvhClient } from "../sdk";

/** Stack config keys for credentials, the same names as @ovhcloud/pulumi-ovh uses. */
export const OVH_CONFIG_KEYS = [
  "ovh:endpoint",
  "ovh:applicationKey",
  "ovh:applicationSecret",
  "ovh:consumerKey",
  "ovh:clientId",
  "ovh:clientSecret",
] as const;

/**
 * Stack config keys tuning the provider's client: `ovh-sms:requestsPerMinute` (OVH asks API users to
 * stay near 60 per consumer key; unset = no limit) and `ovh-sms:maxConcurrency` (default 8).
 */
export const LIMIT_CONFIG_KEYS = ["ovh-sms:requestsPerMinute", "ovh-sms:maxConcurrency"] as const;

/**
 * Stack config key of the key SmsReceiverSlot hashes its lists with (provider/listHash.ts). Set it as a
 * secret; unset, the key is derived from the OVH credentials.
 */
export const HASH_KEY_CONFIG = "ovh-sms:hashKey";

interface ConfigSource {
  get(key: string): string | undefined;
}

// Module state lives in the provider process only: the engine sends the decrypted stack config to
// `configure`, so credentials never travel through the serialized provider or the state.
let stackConfig: Record<string, string> = {};
let limits: { requestsPerMinute?: number; maxConcurrency?: number } = {};
let client: OvhClient | undefined;
let hashKeySetting: string | undefined;
let hashKey: Buffer | undefined;

function positiveNumber(key: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`stack config ${key} must be a positive number`);
  return n;
}

export async function configure(req: { config: ConfigSource }): Promise<void> {
  const next: Record<string, string> = {};
  for (const key of OVH_CONFIG_KEYS) {
    const value = req.config.get(key);
    if (value !== undefined && value !== "") next[key] = value;
  }
  const requestsPerMinute = positiveNumber(LIMIT_CONFIG_KEYS[0], req.config.get(LIMIT_CONFIG_KEYS[0]));
  const maxConcurrency = positiveNumber(LIMIT_CONFIG_KEYS[1], req.config.get(LIMIT_CONFIG_KEYS[1]));
  const nextLimits = {
    ...(requestsPerMinute ? { requestsPerMinute } : {}),
    ...(maxConcurrency ? { maxConcurrency: Math.floor(maxConcurrency) } : {}),
  };
  const nextHashKey = req.config.get(HASH_KEY_CONFIG) || undefined;
  // The engine configures each resource kind's provider object on its own, in the same process and
  // operation: the same configuration keeps the client, hence one plan and one cache for every kind.
  const same = JSON.stringify([next, nextLimits, nextHashKey ?? null]);
  if (same === JSON.stringify([stackConfig, limits, hashKeySetting ?? null]) && client) return;
  stackConfig = next;
  limits = nextLimits;
  hashKeySetting = nextHashKey;
  hashKey = undefined;
  client?.close();
  client = undefined;
}

/**
 * Forgets the client and everything kept per operation, as a new provider process would: for tests that
 * play several engine operations in one process.
 */
export function startNewOperation(): void {
  client?.close();
  client = undefined;
}

/** The client shared by every resource of this provider process (one concurrency cap, one rate limit). */
export function getClient(): OvhClient {
  client ??= createClient({ config: stackConfig, ...limits });
  return client;
}

/**
 * State that lives as long as one engine operation: `configure` makes a new client, and with it starts a
 * new operation (a provider process serves one preview, up, refresh or destroy).
 */
export function perOperation<T>(make: (client: OvhClient) => T): () => T {
  const byClient = new WeakMap<OvhClient, T>();
  return () => {
    const client = getClient();
    let value = byClient.get(client);
    if (value === undefined) {
      value = make(client);
      byClient.set(client, value);
    }
    return value;
  };
}

/**
 * This operation's identity: what tells a credit transfer whether its intent was recorded by this run
 * or by an earlier one that never recorded the transfer (smsCreditTransferIntent.ts).
 */
export const operationId = perOperation(() => randomUUID());

/**
 * The key of SmsReceiverSlot's list hashes: from `ovh-sms:hashKey`, or else derived from the OVH
 * credentials (whoever holds them can read the lists from OVH anyway, so the key protects nothing from
 * them). Never in the state: a hash of the list alone would let anyone holding the state confirm a guessed
 * list. The derivation is one-way, so a hash tells nothing about the credentials either.
 */
export function listHashKey(): Buffer {
  if (hashKey) return hashKey;
  let secret: string;
  if (hashKeySetting !== undefined) secret = hashKeySetting;
  else {
    const { auth } = resolveConfig({}, { config: stackConfig });
    secret =
      auth.kind === "signature"
        ? [auth.applicationKey, auth.applicationSecret, auth.consumerKey].join("\0")
        : [auth.clientId, auth.clientSecret].join("\0");
  }
  hashKey = createHmac("sha256", secret).update("pulumi-ovh-sms receiver list hash key").digest();
  return hashKey;
}
