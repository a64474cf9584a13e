import type { EmulatorStateSnapshot } from "../types";
import type { Receiver, Service, State, User } from "./model";

// The JSON form of the state (state file, GET /_emulator/state): Maps become objects keyed the same way.
// Object.fromEntries and JSON.parse create own properties, so keys such as "__proto__" survive both ways.

export function snapshotJson(state: State, indent?: number): string {
  const replacer = (_key: string, value: unknown): unknown =>
    value instanceof Map ? Object.fromEntries(value) : value;
  return JSON.stringify({ version: 1, ...state }, replacer, indent);
}

export function toSnapshot(state: State): EmulatorStateSnapshot {
  return JSON.parse(snapshotJson(state)) as EmulatorStateSnapshot;
}

type Json = Record<string, unknown>;

export function fromSnapshot(raw: unknown): State {
  const snap = raw as EmulatorStateSnapshot;
  if (!snap || snap.version !== 1) throw new Error("Unsupported emulator state file (expected version 1)");
  const entries = <T>(o: unknown, map: (v: Json) => T): Map<string, T> =>
    new Map(Object.entries((o ?? {}) as Record<string, Json>).map(([k, v]) => [k, map(v)]));
  // Plain records need no conversion: the file is the emulator's own output.
  const plain = <T>(o: unknown): Map<string, T> => new Map(Object.entries((o ?? {}) as Record<string, T>));
  const receivers = (o: unknown): Map<number, Receiver> =>
    new Map(Object.values((o ?? {}) as Record<string, Receiver>).map((r) => [r.slotId, { ...r }]));
  const user = (u: Json): User => ({ ...(u as unknown as User), receivers: receivers(u.receivers) });
  const service = (s: Json): Service => ({
    ...(s as unknown as Service),
    users: entries(s.users, user),
    receivers: receivers(s.receivers),
    senders: plain(s.senders),
  });
  return {
    customers: plain(snap.customers),
    services: entries(snap.services, service),
    applications: plain(snap.applications),
    consumerKeys: plain(snap.consumerKeys),
    oauth2Clients: plain(snap.oauth2Clients),
    accessTokens: plain(snap.accessTokens),
    documents: plain(snap.documents),
    counters: { application: snap.counters?.application ?? 0, credential: snap.counters?.credential ?? 0 },
  };
}
