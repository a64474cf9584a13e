// Package entry `pulumi-ovh-sms/emulator`: start an OVH SMS API emulator from code.
export { startEmulator } from "./server";
export { ensureCertificateAuthority, defaultCaDir } from "./tls";
export { OvhError } from "./errors";
export { consumerKeyFingerprint } from "./log";
export type {
  AccessRule,
  EmulatorControl,
  EmulatorOptions,
  EmulatorStateSnapshot,
  FaultConfig,
  FaultMatch,
  RequestLogEntry,
  RunningEmulator,
  SeedDocument,
} from "./types";
