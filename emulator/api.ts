import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { attemptedAuth, authenticate, header, type SignedRequest } from "./auth";
import type { Core } from "./core";
import { badRequest, internalError, notFound, OvhError } from "./errors";
import { decideFaults, echoBody, giveBackDrop } from "./faults";
import { parseJsonBody, readBody, sendError, sendJson } from "./http";
import { closeEntry, consumerKeyFingerprint, openEntry } from "./log";
import type { RequestContext, Route, Router } from "./router";
import type { HttpMethod, RequestLogEntry } from "./types";

// One API request: route → faults → authentication → handler → save state → answer (or drop) → log.

const MAX_BODY_BYTES = 1024 * 1024;

type RouteMatch = NonNullable<ReturnType<Router["match"]>>;

/** /1.0/x and its alias /v1/x are the same call; the OAuth2 token endpoint also lives outside /1.0. */
export function apiPathOf(pathname: string): string | null {
  for (const prefix of ["/1.0/", "/v1/"])
    if (pathname.startsWith(prefix)) return pathname.slice(prefix.length - 1);
  return pathname === "/auth/oauth2/token" ? pathname : null;
}

export async function serveApi(
  core: Core,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rawUrl = req.url ?? "/";
  const method = (req.method ?? "GET").toUpperCase();
  // API queries hold filters, never credentials, so the path is logged as received.
  const open = openEntry(method, rawUrl, attemptedAuth(req.headers));
  const consumerKey = header(req.headers, "x-ovh-consumer");
  if (consumerKey && open.entry.auth === "signature")
    open.entry.consumerKey = consumerKeyFingerprint(consumerKey);
  let status: number;
  try {
    if (await run(core, router, req, res, method, rawUrl, open.entry)) open.entry.dropped = true;
    status = 200;
  } catch (e) {
    const err = e instanceof OvhError ? e : unexpected(e);
    if (!res.headersSent && !req.socket.destroyed) sendError(res, err);
    status = err.status;
  }
  const entry = closeEntry(core.log, open, status);
  if (core.logRequests) {
    process.stdout.write(
      `${method} ${rawUrl} → ${entry.dropped ? "dropped" : entry.status} (${entry.durationMs} ms)\n`,
    );
  }
}

/** Returns true when a dropAfterApply fault destroyed the connection after applying the operation. */
async function run(
  core: Core,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  rawUrl: string,
  entry: RequestLogEntry,
): Promise<boolean> {
  const body = await readBody(req, MAX_BODY_BYTES);
  const q = rawUrl.indexOf("?");
  const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const apiPath = apiPathOf(pathname);
  // The OAuth2 token request carries the client secret: never logged.
  if ((method === "POST" || method === "PUT") && body.length > 0 && !apiPath?.startsWith("/auth/oauth2"))
    entry.body = loggedBody(body);
  try {
    return await answer(core, router, req, res, { method, rawUrl, pathname, apiPath, body });
  } catch (e) {
    throw echoBody(core.faults, e, { method, apiPath: apiPath ?? pathname, fullPath: pathname, body });
  }
}

/** Route, faults, then the operation itself; returns true when the connection was dropped. */
async function answer(
  core: Core,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
  request: { method: string; rawUrl: string; pathname: string; apiPath: string | null; body: Buffer },
): Promise<boolean> {
  const { method, rawUrl, pathname, apiPath, body } = request;
  const match = apiPath === null ? null : router.match(method, apiPath);
  if (apiPath === null || !match) throw unknownRoute(core, method, rawUrl);

  const decision = decideFaults(core.faults, method, apiPath, pathname);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision.reply) throw decision.reply;
  let result: unknown;
  try {
    result = await apply(core, match, { method, rawUrl, apiPath, headers: req.headers, body });
  } catch (e) {
    giveBackDrop(core.faults, decision);
    throw e;
  }
  if (decision.drop) {
    req.socket.destroy();
    return true;
  }
  sendJson(res, 200, result ?? null);
  return false;
}

/** Authentication, query check, handler and state save: everything that must succeed for a drop to count. */
async function apply(core: Core, match: RouteMatch, req: SignedRequest): Promise<unknown> {
  const { method, rawUrl, body } = req;
  const q = rawUrl.indexOf("?");
  const { route, params } = match;
  const caller = route.auth === "required" ? authenticate(core, req, route) : null;
  const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
  checkQuery(route, query);
  const ctx: RequestContext = {
    core,
    method: method as HttpMethod,
    params,
    query,
    body: route.rawBody || method === "GET" || method === "DELETE" ? undefined : parseJsonBody(body),
    rawBody: body,
    headers: req.headers,
    caller,
  };
  const result = await route.handler(ctx);
  if (method !== "GET") await core.persist();
  return result;
}

/** A JSON body as the log keeps it: parsed, passwords redacted; undefined when it is not JSON. */
function loggedBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"), (key, value: unknown) =>
      key === "password" ? "[redacted]" : value,
    );
  } catch {
    return undefined;
  }
}

function checkQuery(route: Route, query: URLSearchParams): void {
  for (const name of query.keys()) {
    if (!route.query?.includes(name)) {
      throw badRequest(`Unknown query parameter ${name} for ${route.method} ${route.pattern}`);
    }
  }
}

export function unknownRoute(core: Core, method: string, rawUrl: string): OvhError {
  if (!core.quiet) {
    process.stderr.write(
      `[ovh-sms-emulator] UNKNOWN ROUTE ${method} ${rawUrl} → 404 (see emulator/COVERAGE.md)\n`,
    );
  }
  return notFound(`Unknown route ${method} ${rawUrl.split("?")[0]}: the emulator does not implement it`);
}

function unexpected(e: unknown): OvhError {
  process.stderr.write(`[ovh-sms-emulator] internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  return internalError();
}
