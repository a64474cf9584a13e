import type { EmulatorStateSnapshot } from "../types";
import type { Receiver, Service, State, User } from "./model";

// The JSON form of the state (state file, GET /_emulator/state): Maps become objects keyed the same way.
// Object.fromEntries and JSON.parse create own properties, so keys such as "__proto__" survive both ways.

export function toSnapshot(state: State): EmulatorStateSnapshot {
  const text = JSON.stringify({ version: 1, ...state }, (_key, value: unknown) =>
    value instanceof Map ? Object.fromEntries(value) : value,
  );
  return JSON.parse(text) as EmulatorStateSnapshot;
}

type Json = Record<string, unknown>;

export function fromSnapshot(raw: unknown): State {
  const snap = raw as EmulatorStateSnapshot;
  if (!snap || snap.version !== 1) throw new Error("Unsupported emulator state file (expected version 1)");
  const entries = <T>(o: unknown, map: (v: Json) => T): Map<string, T> =>
    new Map(Object.entries((o ?? {}) as Record<string, Json>).map(([k, v]) => [k, map(v)]));
  const cast = <T>(v: Json): T => v as unknown as T;
  const receivers = (o: unknown): Map<number, Receiver> =>
    new Map(Object.values((o ?? {}) as Record<string, Receiver>).map((r) => [r.slotId, { ...r }]));
  const user = (u: Json): User => ({ ...(u as unknown as User), receivers: receivers(u.receivers) });
  const service = (s: Json): Service => ({
    ...(s as unknown as Service),
    users: entries(s.users, user),
    receivers: receivers(s.receivers),
    senders: entries(s.senders, cast),
  });
  return {
    customers: entries(snap.customers, cast),
    services: entries(snap.services, service),
    applications: entries(snap.applications, cast),
    consumerKeys: entries(snap.consumerKeys, cast),
    oauth2Clients: entries(snap.oauth2Clients, cast),
    accessTokens: entries(snap.accessTokens, cast),
    documents: entries(snap.documents, cast),
    counters: { application: snap.counters?.application ?? 0, credential: snap.counters?.credential ?? 0 },
  };
}
