import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { badRequest, forbidden, objectNotFound } from "../errors";
import { isoSeconds, type State, type StoredDocument } from "./model";
import { asObject, dropNulls, parseBody } from "./validate";

// /me/document: a metadata record plus bytes uploaded with an unsigned PUT to putUrl (object storage on OVH,
// /_emulator/documents/{id}?token=… here).

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export function documentView(d: StoredDocument, origin: string): Record<string, unknown> {
  const url = `${origin}/_emulator/documents/${encodeURIComponent(d.id)}?token=${d.uploadToken}`;
  return {
    creationDate: d.creationDate,
    expirationDate: null,
    getUrl: url,
    id: d.id,
    name: d.name,
    putUrl: url,
    size: d.contentBase64 === null ? 0 : Buffer.byteLength(d.contentBase64, "base64"),
    tags: d.tags.map((t) => ({ ...t })),
    validationDate: null,
  };
}

const createBody = z.strictObject({
  name: z.string(),
  tags: z.array(z.strictObject({ key: z.string(), value: z.string() })).optional(),
});

export function createDocument(state: State, nic: string, body: unknown, now: number): StoredDocument {
  const spec = parseBody(createBody, dropNulls(asObject(body, "me/document")), "me/document");
  if (spec.name.length < 1 || spec.name.length > 255) throw badRequest("Invalid name: 1 to 255 characters");
  const doc: StoredDocument = {
    id: randomUUID(),
    nic,
    name: spec.name,
    tags: spec.tags ?? [],
    creationDate: isoSeconds(now),
    uploadToken: randomBytes(16).toString("hex"),
    contentBase64: null,
  };
  state.documents.set(doc.id, doc);
  return doc;
}

export function getDocument(state: State, nic: string, id: string): StoredDocument {
  const doc = state.documents.get(id);
  if (!doc || doc.nic !== nic) throw objectNotFound("id", id);
  return doc;
}

export function listDocuments(state: State, nic: string): string[] {
  return [...state.documents.values()].filter((d) => d.nic === nic).map((d) => d.id);
}

/** The upload URL carries its own secret instead of an OVH signature, like a pre-signed object-storage URL. */
export function documentByToken(state: State, id: string, token: string | null): StoredDocument {
  const doc = state.documents.get(id);
  if (!doc) throw objectNotFound("id", id);
  const expected = Buffer.from(doc.uploadToken);
  const given = Buffer.from(token ?? "");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw forbidden("Invalid or missing token for this document URL");
  }
  return doc;
}

export function storeDocumentContent(doc: StoredDocument, bytes: Buffer): void {
  if (bytes.length > MAX_DOCUMENT_BYTES)
    throw badRequest(`Document too large: at most ${MAX_DOCUMENT_BYTES} bytes`);
  doc.contentBase64 = bytes.toString("base64");
}
