/**
 * Hashes of SmsReceiverSlot's contact lists, as the state and `pulumi preview --diff` show them.
 *
 * A plain SHA-256 of a list lets anyone holding the state confirm a guessed list, or enumerate small ones
 * (French mobile numbers × first names), so the hash is an HMAC-SHA256 whose key never enters the state
 * (provider/config.ts listHashKey). `hmac-sha256:<key id>:<hex>`: the key id (8 hex of an HMAC of a fixed
 * text) tells a hash made with another key (the key or the credentials changed) from another list, so
 * the slot can be checked against OVH's copy instead of being replaced. Earlier versions stored
 * `sha256:<hex>` (legacyHash): the diff still compares against that form, once, and rewrites it.
 */
import { createHash, createHmac } from "node:crypto";
import { listHashKey } from "./config";

function keyPrefix(key: Buffer): string {
  return `hmac-sha256:${createHmac("sha256", key).update("key id").digest("hex").slice(0, 8)}:`;
}

export function listHash(text: string): string {
  const key = listHashKey();
  return `${keyPrefix(key)}${createHmac("sha256", key).update(text, "utf8").digest("hex")}`;
}

/** Whether `hash` was made with the key in use now (so a different one means a different list). */
export function hashedWithCurrentKey(hash: string): boolean {
  return hash.startsWith(keyPrefix(listHashKey()));
}

/** What earlier versions stored: the plain SHA-256. Only ever compared with, never stored again. */
export function legacyHash(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

export function isLegacyHash(hash: string): boolean {
  return hash.startsWith("sha256:");
}
