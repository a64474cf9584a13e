// Public API of `pulumi-ovh-sms/sdk`.
export { createClient, type ClientOptions, type OvhClient } from "./client";
export {
  resolveConfig,
  defaultConfigFiles,
  type CredentialOptions,
  type ConfigSources,
  type ResolvedConfig,
} from "./config";
export { NAMED_ENDPOINTS, resolveEndpoint, type ResolvedEndpoint } from "./endpoints";
export {
  OvhApiError,
  OvhConnectionError,
  OvhResponseValidationError,
  OvhRequestValidationError,
  OvhConfigError,
  isNotFound,
  isConflict,
  isBadRequest,
  isUnauthorized,
  isForbidden,
  isRateLimited,
  isServerError,
  type ValidationIssue,
} from "./errors";
export type { ClientStats } from "./limits";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export { path, withQuery } from "./paths";
export type { CallSpec, RawSpec, HttpMethod } from "./request";
export * from "./account";
export * from "./users";
export * from "./receivers";
export * from "./senders";
export * from "./credits";
export * from "./documents";
export * from "./ptts";
export * from "./credentials";
export * from "./models";
