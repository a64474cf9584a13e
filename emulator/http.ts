import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { badRequest, OvhError } from "./errors";

// Wire helpers shared by the API and the control API.

let queryCounter = 0;

/** Shaped like OVH's: EU.ext-3.63ac85b6.10528.27b4f1fc-7be3-4da2-bdd0-ce044c421e61. */
export function newQueryId(): string {
  queryCounter = (queryCounter + 1) % 1_000_000;
  return `EU.ext-1.${Math.floor(Date.now() / 1000).toString(16)}.${queryCounter}.${randomUUID()}`;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const body = JSON.stringify(value === undefined ? null : value);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-cache, no-store",
    "X-Ovh-QueryId": newQueryId(),
    ...extraHeaders,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, err: OvhError): void {
  sendJson(res, err.status, err.toBody(), err.headers);
}

/** Reads the whole body as bytes: signatures are checked on exactly what was received. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new OvhError(413, "Client::RequestEntityTooLarge", `Request body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw badRequest(`Invalid JSON body: ${(e as Error).message}`);
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
