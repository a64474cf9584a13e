import { createClient, type OvhClient } from "../sdk";

/** Stack config keys read by the providers, the same names as @ovhcloud/pulumi-ovh uses. */
export const OVH_CONFIG_KEYS = [
  "ovh:endpoint",
  "ovh:applicationKey",
  "ovh:applicationSecret",
  "ovh:consumerKey",
  "ovh:clientId",
  "ovh:clientSecret",
] as const;

interface ConfigSource {
  get(key: string): string | undefined;
}

// Module state lives in the provider process only: the engine sends the decrypted stack config to
// `configure`, so credentials never travel through the serialized provider or the state.
let stackConfig: Record<string, string> = {};
let client: OvhClient | undefined;

export function configure(req: { config: ConfigSource }): void {
  const next: Record<string, string> = {};
  for (const key of OVH_CONFIG_KEYS) {
    const value = req.config.get(key);
    if (value !== undefined && value !== "") next[key] = value;
  }
  stackConfig = next;
  client = undefined;
}

/** The client shared by every resource of this provider process (one concurrency cap, one rate limit). */
export function getClient(): OvhClient {
  client ??= createClient({ config: stackConfig });
  return client;
}
