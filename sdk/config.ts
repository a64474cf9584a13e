import * as os from "node:os";
import * as nodePath from "node:path";
import { resolveEndpoint, type ResolvedEndpoint } from "./endpoints";
import { OvhConfigError } from "./errors";
import { readIniFiles } from "./ini";

/** Credential fields, named as in the Pulumi config (`ovh:<field>`) and terraform-provider-ovh. */
export interface CredentialOptions {
  /** Endpoint name (`ovh-eu`, `ovh-ca`, `ovh-us`, `kimsufi-eu`, …) or URL (`https://127.0.0.1:8443/1.0`). */
  endpoint?: string;
  applicationKey?: string;
  applicationSecret?: string;
  consumerKey?: string;
  /** OAuth2 service account (client credentials flow); exclusive with the application key. */
  clientId?: string;
  clientSecret?: string;
}

/** Where the resolution looks, in order after the explicit options. All injectable for tests. */
export interface ConfigSources {
  /** Pulumi stack config values keyed `ovh:endpoint`, `ovh:applicationKey`, … (as the provider receives them). */
  config?: Readonly<Record<string, unknown>>;
  /** Environment; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * ovh.conf files, highest priority first.
   * @default ["./ovh.conf", "~/.ovh.conf", "/etc/ovh.conf"] (`.` = process.cwd(), `~` = os.homedir())
   */
  configFiles?: readonly string[];
}

type Field = keyof CredentialOptions;

const FIELDS: Record<Field, { config: string; env: string; ini: string }> = {
  endpoint: { config: "ovh:endpoint", env: "OVH_ENDPOINT", ini: "endpoint" },
  applicationKey: { config: "ovh:applicationKey", env: "OVH_APPLICATION_KEY", ini: "application_key" },
  applicationSecret: {
    config: "ovh:applicationSecret",
    env: "OVH_APPLICATION_SECRET",
    ini: "application_secret",
  },
  consumerKey: { config: "ovh:consumerKey", env: "OVH_CONSUMER_KEY", ini: "consumer_key" },
  clientId: { config: "ovh:clientId", env: "OVH_CLIENT_ID", ini: "client_id" },
  clientSecret: { config: "ovh:clientSecret", env: "OVH_CLIENT_SECRET", ini: "client_secret" },
};

export type ResolvedAuth =
  | { kind: "signature"; applicationKey: string; applicationSecret: string; consumerKey: string }
  | { kind: "oauth2"; clientId: string; clientSecret: string };

export interface ResolvedConfig {
  endpoint: ResolvedEndpoint;
  auth: ResolvedAuth;
  /** Where each value came from (e.g. `env OVH_CONSUMER_KEY`), for diagnostics; never the values. */
  sources: Partial<Record<Field, string>>;
}

export function defaultConfigFiles(): string[] {
  return [nodePath.resolve("ovh.conf"), nodePath.join(os.homedir(), ".ovh.conf"), "/etc/ovh.conf"];
}

/**
 * Resolves endpoint and credentials like go-ovh / python-ovh / terraform-provider-ovh, each field
 * on its own: explicit options → Pulumi config → `OVH_*` env → ovh.conf → endpoint `ovh-eu`.
 * In ovh.conf, `[default] endpoint=…` picks the endpoint and credentials are read from the section
 * named after it (`[ovh-eu]`, or the URL itself for a URL endpoint).
 *
 * @throws OvhConfigError naming the settings to provide (never their values).
 */
export function resolveConfig(explicit: CredentialOptions, sources: ConfigSources = {}): ResolvedConfig {
  const env = sources.env ?? process.env;
  const files = sources.configFiles ?? defaultConfigFiles();
  const { doc: ini, origin } = readIniFiles(files);
  const found: Partial<Record<Field, { value: string; source: string }>> = {};

  const lookup = (field: Field, section: string): void => {
    const spec = FIELDS[field];
    const candidates: Array<[unknown, () => string]> = [
      [explicit[field], () => `option ${field}`],
      [sources.config?.[spec.config], () => `Pulumi config ${spec.config}`],
      [env[spec.env], () => `env ${spec.env}`],
      [ini.get(section)?.get(spec.ini), () => `${origin.get(`${section}\u0000${spec.ini}`)} [${section}]`],
    ];
    for (const [raw, source] of candidates) {
      const value = clean(raw);
      if (value !== undefined) {
        found[field] = { value, source: source() };
        return;
      }
    }
  };

  lookup("endpoint", "default");
  const endpointInput = found.endpoint?.value ?? "ovh-eu";
  let endpoint: ResolvedEndpoint;
  try {
    endpoint = resolveEndpoint(endpointInput);
  } catch (err) {
    const from = found.endpoint ? ` (from ${found.endpoint.source})` : "";
    throw new OvhConfigError(`${(err as Error).message}${from}`);
  }
  const credentialFields = [
    "applicationKey",
    "applicationSecret",
    "consumerKey",
    "clientId",
    "clientSecret",
  ] as const;
  for (const field of credentialFields) lookup(field, endpointInput);

  const sourcesOut: Partial<Record<Field, string>> = {};
  for (const [field, entry] of Object.entries(found)) sourcesOut[field as Field] = entry.source;
  const auth = chooseAuth(found, endpoint);
  return { endpoint, auth, sources: sourcesOut };
}

function clean(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const trimmed = raw.trim();
  return trimmed === "" ? undefined : trimmed;
}

function chooseAuth(
  found: Partial<Record<Field, { value: string; source: string }>>,
  endpoint: ResolvedEndpoint,
): ResolvedAuth {
  const signatureFields = ["applicationKey", "applicationSecret", "consumerKey"] as const;
  const oauthFields = ["clientId", "clientSecret"] as const;
  const hasSignature = found.applicationKey !== undefined || found.applicationSecret !== undefined;
  const hasOauth = oauthFields.some((f) => found[f] !== undefined);
  const describe = (fields: readonly Field[]): string =>
    fields
      .filter((f) => found[f])
      .map((f) => `${f} from ${found[f]?.source}`)
      .join(", ");

  if (hasSignature && hasOauth) {
    throw new OvhConfigError(
      `Both application-key credentials (${describe(signatureFields)}) and OAuth2 credentials ` +
        `(${describe(oauthFields)}) are set for OVH endpoint ${endpoint.input}: set only one kind.`,
    );
  }
  if (hasOauth) {
    const missing = oauthFields.filter((f) => !found[f]);
    if (missing.length > 0) throw missingError(endpoint, missing, describe(oauthFields));
    if (!endpoint.tokenUrl) {
      throw new OvhConfigError(
        `OVH endpoint ${endpoint.input} does not support OAuth2: use an application key.`,
      );
    }
    return { kind: "oauth2", clientId: found.clientId!.value, clientSecret: found.clientSecret!.value };
  }
  const missing = signatureFields.filter((f) => !found[f]);
  if (missing.length === signatureFields.length) throw missingError(endpoint, [], "");
  if (missing.length > 0) throw missingError(endpoint, missing, describe(signatureFields));
  return {
    kind: "signature",
    applicationKey: found.applicationKey!.value,
    applicationSecret: found.applicationSecret!.value,
    consumerKey: found.consumerKey!.value,
  };
}

function ways(fields: readonly Field[], section: string): string {
  return (
    `client options ${fields.join(", ")}; or Pulumi config ${fields.map((f) => FIELDS[f].config).join(", ")}; ` +
    `or env ${fields.map((f) => FIELDS[f].env).join(", ")}; ` +
    `or ${fields.map((f) => FIELDS[f].ini).join(", ")} in section [${section}] of ./ovh.conf, ~/.ovh.conf or /etc/ovh.conf`
  );
}

function missingError(endpoint: ResolvedEndpoint, missing: readonly Field[], have: string): OvhConfigError {
  if (missing.length === 0) {
    return new OvhConfigError(
      `No OVH credentials found for endpoint ${endpoint.input}. Provide either an application key ` +
        `(${ways(["applicationKey", "applicationSecret", "consumerKey"], endpoint.input)}) ` +
        `or an OAuth2 service account (${ways(["clientId", "clientSecret"], endpoint.input)}).`,
    );
  }
  return new OvhConfigError(
    `Incomplete OVH credentials for endpoint ${endpoint.input}: ${have} ${have.includes(",") ? "are" : "is"} set ` +
      `but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} missing. Set them with ${ways(missing, endpoint.input)}.`,
  );
}
