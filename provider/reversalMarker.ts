/**
 * The record a credit transfer's `reverseOnDelete` leaves on OVH before it moves credits back. A delete
 * cannot write to the state before it sends, and OVH keeps no transfer object: a `pulumi destroy` killed
 * while the credits were moving back would leave the next destroy nothing to tell whether they moved, and
 * it would move them back again. So the move back is preceded by a `/me/document` (no content) whose name
 * holds the transfer's id and both accounts' credits (free + held by quotas) at that moment, and the
 * document is deleted once the credits are back. A destroy that finds it resolves the earlier attempt by
 * reading (smsCreditTransfer.ts `remove`).
 */
import {
  createDocument,
  deleteDocument,
  getDocument,
  isNotFound,
  listDocuments,
  type OvhClient,
} from "../sdk";
import { notFoundAsUndefined } from "./liveCache";

const PREFIX = "pulumi-ovh-sms reverse";

export interface ReversalMarker {
  documentId: string;
  /** Free + held credits of the transfer's `from` and `to` accounts before the credits moved back. */
  fromTotal: number;
  toTotal: number;
}

function markerName(transferId: string, fromTotal: number, toTotal: number): string {
  return `${PREFIX} ${transferId} ${fromTotal} ${toTotal}`;
}

/** The marker an interrupted move back of this transfer left, if any. */
export async function findMarker(client: OvhClient, transferId: string): Promise<ReversalMarker | undefined> {
  const ids = await listDocuments(client);
  const docs = await Promise.all(ids.map((id) => getDocument(client, id).catch(notFoundAsUndefined)));
  for (const doc of docs) {
    const parts = doc?.name.split(" ") ?? [];
    const [fromTotal, toTotal] = parts.slice(-2).map(Number);
    if (doc && doc.name === markerName(transferId, fromTotal as number, toTotal as number))
      return { documentId: doc.id, fromTotal: fromTotal as number, toTotal: toTotal as number };
  }
  return undefined;
}

/**
 * Leaves the marker. Any failure stops the move back before anything is sent; a marker made although its
 * answer was lost is found by the next destroy, which then sees that nothing moved and goes on.
 */
export async function leaveMarker(
  client: OvhClient,
  transferId: string,
  totals: [number, number],
): Promise<string> {
  const doc = await createDocument(client, { name: markerName(transferId, totals[0], totals[1]) });
  return doc.id;
}

/** Removes the marker once the credits are back; false when it could not (it is then left, harmless). */
export async function removeMarker(client: OvhClient, documentId: string): Promise<boolean> {
  try {
    await deleteDocument(client, documentId);
    return true;
  } catch (error) {
    return isNotFound(error);
  }
}
