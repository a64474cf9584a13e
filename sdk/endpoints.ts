/**
 * Named OVH API endpoints (same names as go-ovh, python-ovh and node-ovh; node-ovh's short aliases
 * are accepted too). `tokenUrl` is the OAuth2 token URL; endpoints without one refuse OAuth2, as the
 * official SDKs do.
 */
export const NAMED_ENDPOINTS: Readonly<Record<string, { baseUrl: string; tokenUrl?: string }>> = {
  "ovh-eu": { baseUrl: "https://eu.api.ovh.com/1.0", tokenUrl: "https://www.ovh.com/auth/oauth2/token" },
  "ovh-ca": { baseUrl: "https://ca.api.ovh.com/1.0", tokenUrl: "https://ca.ovh.com/auth/oauth2/token" },
  "ovh-us": {
    baseUrl: "https://api.us.ovhcloud.com/1.0",
    tokenUrl: "https://us.ovhcloud.com/auth/oauth2/token",
  },
  "kimsufi-eu": { baseUrl: "https://eu.api.kimsufi.com/1.0" },
  "kimsufi-ca": { baseUrl: "https://ca.api.kimsufi.com/1.0" },
  "soyoustart-eu": { baseUrl: "https://eu.api.soyoustart.com/1.0" },
  "soyoustart-ca": { baseUrl: "https://ca.api.soyoustart.com/1.0" },
  "ks-eu": { baseUrl: "https://eu.api.kimsufi.com/1.0" },
  "ks-ca": { baseUrl: "https://ca.api.kimsufi.com/1.0" },
  "sys-eu": { baseUrl: "https://eu.api.soyoustart.com/1.0" },
  "sys-ca": { baseUrl: "https://ca.api.soyoustart.com/1.0" },
};

/** Where requests go, derived from an endpoint name or URL. */
export interface ResolvedEndpoint {
  /** The name or URL as configured (shown in messages). */
  input: string;
  /** Set for named endpoints. */
  name?: string;
  /** `https://host[:port]/1.0`, without a trailing slash. */
  baseUrl: string;
  hostname: string;
  /** Undefined for the default HTTPS port. */
  port?: number;
  /** `/1.0`, `/v1`, or "" */
  basePath: string;
  /** OAuth2 token URL; undefined when the endpoint has no OAuth2 support. */
  tokenUrl?: string;
}

/**
 * Turns an endpoint name (`ovh-eu`) or URL (`https://127.0.0.1:8443/1.0`, e.g. the emulator) into
 * the parts the client needs. Like go-ovh, anything containing `/` is a URL. For a URL the OAuth2
 * token URL is `<origin>/auth/oauth2/token`, mirroring the named endpoints' layout.
 */
export function resolveEndpoint(input: string): ResolvedEndpoint {
  const trimmed = input.trim();
  if (!trimmed.includes("/")) {
    const named = NAMED_ENDPOINTS[trimmed];
    if (!named) {
      throw new Error(
        `Unknown OVH endpoint "${trimmed}": use one of ${Object.keys(NAMED_ENDPOINTS).join(", ")}, ` +
          `or a URL such as https://127.0.0.1:8443/1.0`,
      );
    }
    return { ...fromUrl(trimmed, named.baseUrl), name: trimmed, tokenUrl: named.tokenUrl };
  }
  const resolved = fromUrl(trimmed, trimmed);
  const url = new URL(resolved.baseUrl);
  return { ...resolved, tokenUrl: `${url.origin}/auth/oauth2/token` };
}

function fromUrl(input: string, raw: string): ResolvedEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Invalid OVH endpoint URL "${shownUrl(raw)}": expected e.g. https://127.0.0.1:8443/1.0`);
  }
  // The transport (like node-ovh) speaks HTTPS only; a silent downgrade would send signed requests in clear.
  if (url.protocol !== "https:") {
    throw new Error(`Invalid OVH endpoint URL "${shownUrl(raw)}": only https:// endpoints are supported`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new Error(
      `Invalid OVH endpoint URL "${shownUrl(raw)}": it must not carry credentials, a query or a fragment`,
    );
  }
  const basePath = url.pathname.replace(/\/+$/, "");
  const port = url.port === "" ? undefined : Number(url.port);
  return {
    input,
    baseUrl: `${url.origin}${basePath}`,
    hostname: url.hostname,
    port,
    basePath,
  };
}

/**
 * An endpoint URL as messages may show it: `user:password@`, the query and the fragment can hold credentials
 * (`https://bob:S3cret@…`, `?token=…`), so they are cut, also from a URL too broken to parse.
 */
function shownUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    // Greedy up to the last "@" first: a password may itself hold "/", "?" or "@"; cutting too much is harmless.
    return raw.replace(/\/\/.*@/s, "//").replace(/[?#].*$/s, "");
  }
}

/**
 * Full path of an API call below the endpoint. Like the official SDKs, a path starting with
 * `/v1` or `/v2` replaces a trailing `/1.0` of the base path (they are aliases at OVH).
 */
export function fullPath(endpoint: ResolvedEndpoint, apiPath: string): string {
  if (endpoint.basePath.endsWith("/1.0") && /^\/v[12](\/|$|\?)/.test(apiPath)) {
    return `${endpoint.basePath.slice(0, -4)}${apiPath}`;
  }
  return `${endpoint.basePath}${apiPath}`;
}
