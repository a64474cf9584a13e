import type { OvhClient } from "./client";
import { DocumentCreateSchema, DocumentSchema, type Document, type DocumentCreate } from "./models/document";
import { StringIdsSchema } from "./lists";
import { path } from "./paths";

/** `POST /me/document`: creates a document slot; upload its bytes with {@link uploadDocument}. */
export function createDocument(c: OvhClient, body: DocumentCreate): Promise<Document> {
  return c.call({
    method: "POST",
    path: "/me/document",
    body,
    bodySchema: DocumentCreateSchema,
    response: DocumentSchema,
    model: "nichandle.document.Document",
    checkHint: "list GET /me/document for a document with this name before retrying",
  });
}

/**
 * Uploads the file content to a document's `putUrl` (a pre-signed storage URL: no OVH signature).
 * Same agent and CA trust as API calls; retried like any PUT.
 */
export async function uploadDocument(
  c: OvhClient,
  putUrl: string,
  content: string | Uint8Array,
  contentType = "application/octet-stream",
): Promise<void> {
  await c.raw({ method: "PUT", url: putUrl, body: content, headers: { "Content-Type": contentType } });
}

/** `GET /me/document`: the ids of the customer's documents. */
export function listDocuments(c: OvhClient): Promise<string[]> {
  return c.call({
    method: "GET",
    path: "/me/document",
    response: StringIdsSchema,
    model: "string[]",
  });
}

/** `GET /me/document/{id}`. */
export function getDocument(c: OvhClient, id: string): Promise<Document> {
  return c.call({
    method: "GET",
    path: path`/me/document/${id}`,
    response: DocumentSchema,
    model: "nichandle.document.Document",
  });
}

/** `DELETE /me/document/{id}`. */
export function deleteDocument(c: OvhClient, id: string): Promise<void> {
  return c.call({
    method: "DELETE",
    path: path`/me/document/${id}`,
    response: "void",
    model: "nichandle.document.Document",
  });
}
