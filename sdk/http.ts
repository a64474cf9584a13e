import * as https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { TLSSocket } from "node:tls";

/**
 * HTTPS transport. node-ovh's own transport reports failures as `(statusCode, message)` and loses
 * the OVH error class, `X-Ovh-QueryId`, `Retry-After` and whether a request was sent, all of which
 * the retry and error logic needs; hence this small layer over `node:https`.
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Whole-exchange deadline: connect, send, and read the full response. */
  timeoutMs: number;
  agent: https.Agent;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** No HTTP response was obtained. */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    message: string,
    /** The connection was established, so the request may have reached the server. */
    readonly sent: boolean,
    readonly timedOut: boolean,
    /** Retrying cannot help (untrusted certificate and the like). */
    readonly permanent: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

const TLS_TRUST_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The server's certificate is not trusted (or not valid): retrying cannot help. */
export function isTrustFailure(code: string): boolean {
  return TLS_TRUST_CODES.has(code);
}

/**
 * Two agents with the same trust settings: a keep-alive pool for idempotent calls, and one
 * without keep-alive for POST, so a POST never goes out on a pooled socket the server may be
 * closing (that race looks like a dropped connection and would make a POST wrongly ambiguous).
 */
export function createAgents(options: { ca?: string | Buffer; maxSockets: number }): {
  pooled: https.Agent;
  fresh: https.Agent;
} {
  // Without an explicit `ca`, Node's default trust store applies (including NODE_EXTRA_CA_CERTS).
  const tls = options.ca === undefined ? {} : { ca: options.ca };
  return {
    pooled: new https.Agent({ ...tls, keepAlive: true, maxSockets: options.maxSockets }),
    fresh: new https.Agent({ ...tls, keepAlive: false }),
  };
}

export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    let connected = false;
    let timedOut = false;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(toTransportError(err, url, connected, timedOut, req.timeoutMs));
    };

    const request = https.request(
      {
        method: req.method,
        hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port === "" ? 443 : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
        agent: req.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", fail);
        res.on("aborted", () => fail(Object.assign(new Error("response aborted"), { code: "ECONNRESET" })));
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      },
    );

    request.on("socket", (socket) => {
      // A pooled socket is already connected; a new one is once TLS is established.
      const tlsSocket = socket as TLSSocket;
      if (!socket.connecting && !tlsSocket.pending) connected = true;
      else socket.once("secureConnect", () => (connected = true));
    });
    request.on("error", fail);

    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }));
    }, req.timeoutMs);

    request.end(req.body);
  });
}

function toTransportError(
  err: unknown,
  url: URL,
  connected: boolean,
  timedOut: boolean,
  timeoutMs: number,
): TransportError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (timedOut) {
    const stage = connected ? "no complete response" : "could not connect";
    return new TransportError(
      `${stage} within ${timeoutMs} ms (timeout)`,
      connected,
      true,
      false,
      "ETIMEDOUT",
    );
  }
  if (code !== undefined && isTrustFailure(code)) {
    return new TransportError(
      `the TLS certificate of ${url.origin} is not trusted (${code}); for the emulator, start Node with ` +
        "NODE_EXTRA_CA_CERTS=<its CA file> or pass the client option `ca`",
      false,
      false,
      true,
      code,
    );
  }
  const reason = code ?? (err instanceof Error ? err.message : String(err));
  return connected
    ? new TransportError(
        `the connection was lost before a complete response arrived (${reason})`,
        true,
        false,
        false,
        code,
      )
    : new TransportError(`could not connect to ${url.origin} (${reason})`, false, false, false, code);
}
