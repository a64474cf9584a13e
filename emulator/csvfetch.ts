import http from "node:http";
import https from "node:https";
import { badRequest } from "./errors";
import { MAX_DOCUMENT_BYTES } from "./state/documents";

// Receivers created from a csvUrl: the emulator downloads the file itself, like OVH does, but only from the
// local machine so that tests and demos can never make it reach the outside world.

export interface DownloadLimits {
  /** Longest silence on the socket (connecting included). */
  idleMs: number;
  /** Whole download: a server that trickles bytes never trips the idle timeout, so this bounds it. */
  totalMs: number;
}

export const DOWNLOAD_LIMITS: Readonly<DownloadLimits> = { idleMs: 5000, totalMs: 10_000 };

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

/** How a csvUrl appears in messages: a pre-signed URL's query and any user:password@ are credentials. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export async function fetchCsv(rawUrl: string, limits: DownloadLimits = DOWNLOAD_LIMITS): Promise<string> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw badRequest("Invalid csvUrl: not an absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badRequest(`Invalid csvUrl ${shown(url)}: an http:// or https:// URL is expected`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw badRequest(
      `The emulator downloads csvUrl only from loopback hosts (127.0.0.0/8, localhost, ::1), not ${url.hostname}`,
    );
  }
  const bytes = await download(url, limits);
  return bytes.toString("utf8");
}

function download(url: URL, limits: DownloadLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(deadline);
      reject(badRequest(`Could not download csvUrl ${shown(url)}: ${why}`));
    };
    // Loopback only, so a self-signed test server is acceptable.
    const options = { timeout: limits.idleMs, rejectUnauthorized: false };
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
      res.on("end", () => {
        clearTimeout(deadline);
        resolve(Buffer.concat(chunks));
      });
      res.on("error", (e) => fail(e.message));
    });
    const deadline = setTimeout(
      () => req.destroy(new Error(`not downloaded within ${limits.totalMs} ms`)),
      limits.totalMs,
    );
    req.on("timeout", () => req.destroy(new Error(`no data for ${limits.idleMs} ms`)));
    req.on("error", (e) => fail(e.message));
  });
}
