import http from "node:http";
import https from "node:https";
import { badRequest } from "./errors";
import { MAX_DOCUMENT_BYTES } from "./state/documents";

// Receivers created from a csvUrl: the emulator downloads the file itself, like OVH does, but only from the
// local machine so that tests and demos can never make it reach the outside world.

const TIMEOUT_MS = 5000;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

export async function fetchCsv(rawUrl: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw badRequest(`Invalid csvUrl "${rawUrl}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badRequest(`Invalid csvUrl "${rawUrl}": an http:// or https:// URL is expected`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw badRequest(
      `The emulator downloads csvUrl only from loopback hosts (127.0.0.0/8, localhost, ::1), not ${url.hostname}`,
    );
  }
  const bytes = await download(url);
  return bytes.toString("utf8");
}

function download(url: URL): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => reject(badRequest(`Could not download csvUrl ${url.href}: ${why}`));
    // Loopback only, so a self-signed test server is acceptable.
    const options = { timeout: TIMEOUT_MS, rejectUnauthorized: false };
    const req = (url.protocol === "https:" ? https : http).get(url, options, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        fail(`HTTP ${res.statusCode}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DOCUMENT_BYTES) {
          req.destroy();
          fail(`larger than ${MAX_DOCUMENT_BYTES} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolve(Buffer.concat(chunks)));
      res.on("error", (e) => fail(e.message));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on("error", (e) => fail(e.message));
  });
}
