import type { AccessRule } from "../types";

// In-memory state. Maps (not plain objects) because logins and sender names such as "__proto__" are valid keys.
// Derived figures (creditsHoldByQuota, userQuantityWithQuota, document size) are computed, never stored.

export interface Customer {
  nic: string;
  email: string;
}

export interface SmsResponse {
  cgiUrl: string | null;
  responseType: "cgi" | "none" | "text";
  text: string | null;
  trackingDefaultSmsSender: string | null;
  trackingOptions: Array<{ media: "email" | "sms" | "voice"; sender: string; target: string }> | null;
}

export interface Templates {
  customizedEmailMode: boolean;
  customizedSmsMode: boolean;
  emailBody: string | null;
  emailFrom: string | null;
  emailSubject: string | null;
  smsBody: string | null;
}

export interface Quota {
  quotaLeft: number;
  quotaStatus: "active" | "inactive";
}

export interface AlertThreshold {
  alertEmail: string;
  alertNumber: string;
  alertThreshold: number;
  support: "both" | "mail" | "sms";
}

export interface Receiver {
  slotId: number;
  description: string;
  autoUpdate: boolean;
  datetime: string;
  records: number;
  csv: string;
  csvUrl: string | null;
  documentId: string | null;
}

export interface User {
  login: string;
  password: string;
  quotaInformations: Quota;
  alertThresholdInformations: AlertThreshold;
  ipRestrictions: string[];
  callBack: string | null;
  stopCallBack: string | null;
  receivers: Map<number, Receiver>;
}

export type SenderStatus = "disable" | "enable" | "refused" | "waitingValidation";

export interface Sender {
  sender: string;
  description: string;
  status: SenderStatus;
  comment: string | null;
  /**
   * The creation's "message seen by the moderator": OVH keeps it for its moderators but sms.Sender does not
   * show it, so the API never returns it; the emulator's moderator (GET /_emulator/state) can read it.
   */
  reason: string | null;
  referer: "custom" | "domain" | "line" | "nic" | "owner" | "virtual";
  type: "alpha" | "numeric" | "shortcode" | "virtual" | null;
}

export interface Service {
  serviceName: string;
  nic: string;
  status: "enable" | "disable";
  channel: "both" | "marketing" | "transactional";
  smpp: boolean;
  description: string;
  creditsLeft: number;
  automaticRecreditAmount: number | null;
  creditThresholdForAutomaticRecredit: number;
  callBack: string | null;
  stopCallBack: string | null;
  smsResponse: SmsResponse;
  templates: Templates;
  users: Map<string, User>;
  receivers: Map<number, Receiver>;
  senders: Map<string, Sender>;
}

export interface Application {
  applicationKey: string;
  applicationSecret: string;
  applicationId: number;
  nic: string;
}

export type CredentialState = "validated" | "pendingValidation" | "expired" | "refused";

export interface ConsumerKey {
  consumerKey: string;
  applicationKey: string;
  credentialId: number;
  state: CredentialState;
  rules: AccessRule[];
  creation: string;
  expiration: string | null;
}

export interface OAuth2Client {
  clientId: string;
  clientSecret: string;
  nic: string;
  rules: AccessRule[];
}

export interface AccessToken {
  token: string;
  clientId: string;
  /** Epoch milliseconds on the emulator's clock. */
  expiresAt: number;
}

export interface StoredDocument {
  id: string;
  nic: string;
  name: string;
  tags: Array<{ key: string; value: string }>;
  creationDate: string;
  uploadToken: string;
  contentBase64: string | null;
}

export interface State {
  customers: Map<string, Customer>;
  services: Map<string, Service>;
  applications: Map<string, Application>;
  consumerKeys: Map<string, ConsumerKey>;
  oauth2Clients: Map<string, OAuth2Client>;
  accessTokens: Map<string, AccessToken>;
  documents: Map<string, StoredDocument>;
  counters: { application: number; credential: number };
}

export function emptyState(): State {
  return {
    customers: new Map(),
    services: new Map(),
    applications: new Map(),
    consumerKeys: new Map(),
    oauth2Clients: new Map(),
    accessTokens: new Map(),
    documents: new Map(),
    counters: { application: 0, credential: 0 },
  };
}

/** Everything a rule needs besides the state: the emulator's clock (real time + configured offset). */
export interface Clock {
  now(): number;
}

export const ALL_RULES: AccessRule[] = ["GET", "POST", "PUT", "DELETE"].map((method) => ({
  method,
  path: "/*",
}));

/** OVH datetimes look like 2024-01-15T10:20:30+01:00: seconds precision, explicit offset. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

export function defaultSmsResponse(): SmsResponse {
  return {
    cgiUrl: null,
    responseType: "none",
    text: null,
    trackingDefaultSmsSender: null,
    trackingOptions: [],
  };
}

export function defaultTemplates(): Templates {
  return {
    customizedEmailMode: false,
    customizedSmsMode: false,
    emailBody: null,
    emailFrom: null,
    emailSubject: null,
    smsBody: null,
  };
}

export function newService(serviceName: string, nic: string): Service {
  return {
    serviceName,
    nic,
    status: "enable",
    channel: "both",
    smpp: false,
    description: "",
    creditsLeft: 0,
    automaticRecreditAmount: null,
    creditThresholdForAutomaticRecredit: 0,
    callBack: null,
    stopCallBack: null,
    smsResponse: defaultSmsResponse(),
    templates: defaultTemplates(),
    users: new Map(),
    receivers: new Map(),
    senders: new Map(),
  };
}

export function newUser(login: string, password: string): User {
  return {
    login,
    password,
    quotaInformations: { quotaLeft: 0, quotaStatus: "inactive" },
    alertThresholdInformations: { alertThreshold: -1, support: "mail", alertEmail: "", alertNumber: "" },
    ipRestrictions: [],
    callBack: null,
    stopCallBack: null,
    receivers: new Map(),
  };
}
