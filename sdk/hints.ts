/**
 * Suggested fixes appended to API error messages. They name the settings to change (option, Pulumi
 * config key, environment variable), never their values.
 */
export function authHint(e: {
  status: number;
  errorClass?: string;
  errorCode?: string;
  ovhMessage: string;
  details?: Record<string, unknown>;
  method: string;
  path: string;
  authMode: "signature" | "oauth2";
}): string | undefined {
  const msg = e.ovhMessage.toLowerCase();
  const code = e.errorCode ?? "";
  if (code === "NOT_GRANTED_CALL" || msg.includes("has not been granted")) {
    return (
      `The consumer key's access rules do not allow ${e.method} ${e.path}: ` +
      `create a consumer key whose access rules include it (e.g. ${e.method} /sms/*).`
    );
  }
  if (code === "NOT_CREDENTIAL" || msg.includes("credential does not exist")) {
    return (
      "The consumer key does not exist or belongs to another application key: " +
      `check ${settings("consumerKey")} and ${settings("applicationKey")}.`
    );
  }
  if (code === "INVALID_CREDENTIAL" || msg.includes("credential is not valid")) {
    return (
      "The consumer key is not usable (not validated yet, expired or revoked): " +
      "validate it at its validationUrl or request a new one with POST /auth/credential."
    );
  }
  if (code === "INVALID_KEY" || msg.includes("application key is invalid")) {
    return `The application key is unknown: check ${settings("applicationKey")}.`;
  }
  // OVH answers a skewed X-Ovh-Timestamp with QUERY_TIME_OUT "Query out of time" (the word "timestamp" is
  // kept for proxies and older wordings).
  if (code === "QUERY_TIME_OUT" || msg.includes("query out of time") || msg.includes("timestamp")) {
    return "OVH refused the request timestamp: check the machine clock (the SDK corrects skew with GET /auth/time).";
  }
  if (code === "INVALID_SIGNATURE" || msg.includes("invalid signature")) {
    return (
      `OVH refused the request signature: check ${settings("applicationSecret")} (it must belong to the ` +
      "application key), and that no proxy rewrites the request."
    );
  }
  const iamActions = missingIamActions(e.details);
  if (e.status === 403 && (iamActions || msg.includes("not granted for this request"))) {
    return (
      "The OAuth2 service account's IAM policies do not allow this call" +
      (iamActions ? ` (missing actions: ${iamActions})` : "") +
      ": add them to a policy that targets this service."
    );
  }
  if (e.status === 401) {
    return e.authMode === "oauth2"
      ? `The OAuth2 access token was refused even after requesting a new one: check ${settings("clientId")} and ${settings("clientSecret")}.`
      : `No valid credentials were accepted: set ${settings("applicationKey")}, ${settings("applicationSecret")} and ${settings("consumerKey")}.`;
  }
  if (e.status === 404) {
    return "Check that the service name and object id exist and are visible to these credentials.";
  }
  if (e.status === 429) {
    return "Too many requests: lower requestsPerMinute / maxConcurrency in the client options, or retry later.";
  }
  return undefined;
}

function missingIamActions(details: Record<string, unknown> | undefined): string | undefined {
  if (!details) return undefined;
  const parts = [details.unauthorizedActionsByIAM, details.unauthorizedActionsByAuthentication].filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
  return parts.length > 0 ? parts.join(", ") : undefined;
}

const SETTING_NAMES = {
  applicationKey: ["ovh:applicationKey", "OVH_APPLICATION_KEY"],
  applicationSecret: ["ovh:applicationSecret", "OVH_APPLICATION_SECRET"],
  consumerKey: ["ovh:consumerKey", "OVH_CONSUMER_KEY"],
  clientId: ["ovh:clientId", "OVH_CLIENT_ID"],
  clientSecret: ["ovh:clientSecret", "OVH_CLIENT_SECRET"],
} as const;

/** "applicationSecret (Pulumi config ovh:applicationSecret / env OVH_APPLICATION_SECRET)" */
export function settings(field: keyof typeof SETTING_NAMES): string {
  const [config, env] = SETTING_NAMES[field];
  return `${field} (Pulumi config ${config} / env ${env})`;
}
