import type { IncomingMessage, ServerResponse } from "node:http";
import { unknownRoute } from "./api";
import type { Core } from "./core";
import { badRequest, forbidden, internalError, OvhError } from "./errors";
import { isLoopbackAddress, newQueryId, parseJsonBody, readBody, sendError, sendJson } from "./http";
import { closeEntry, openEntry } from "./log";
import { createRouter, param, type RequestContext, type Route } from "./router";
import { documentByToken, MAX_DOCUMENT_BYTES, storeDocumentContent } from "./state/documents";
import { asObject } from "./state/validate";
import type { EmulatorControl } from "./types";

// The /_emulator/ control API (unauthenticated, loopback only, not in the request log, never faulted), plus
// the document upload URL that stands in for OVH's object storage (logged like an API call, never faulted).

function numberField(body: unknown, field: string): number {
  const value = asObject(body, "this control call")[field];
  if (typeof value !== "number") throw badRequest(`${field} (a number) is required`);
  return value;
}

function controlRoutes(control: EmulatorControl): Route[] {
  const r = (method: Route["method"], pattern: string, handler: (ctx: RequestContext) => unknown): Route => ({
    method,
    pattern,
    auth: "none",
    iam: "control",
    handler,
  });
  const validate = (ctx: RequestContext): void => control.validateCredential(param(ctx, "consumerKey"));
  return [
    r("POST", "/seed", (ctx) => control.seed(ctx.body as never)),
    r("POST", "/reset", () => control.reset()),
    r("GET", "/state", () => control.state()),
    r("GET", "/requests", () => control.requests()),
    r("DELETE", "/requests", () => control.clearRequests()),
    r("PUT", "/faults", (ctx) => control.setFaults(ctx.body as never)),
    r("DELETE", "/faults", () => control.clearFaults()),
    r("POST", "/sms/{serviceName}/consume", (ctx) =>
      control.consume(param(ctx, "serviceName"), null, numberField(ctx.body, "credits")),
    ),
    r("POST", "/sms/{serviceName}/users/{login}/consume", (ctx) =>
      control.consume(param(ctx, "serviceName"), param(ctx, "login"), numberField(ctx.body, "credits")),
    ),
    r("POST", "/sms/{serviceName}/credits", (ctx) =>
      control.addCredits(param(ctx, "serviceName"), numberField(ctx.body, "credits")),
    ),
    r("POST", "/sms/{serviceName}/senders/{sender}/moderate", (ctx) => {
      const body = asObject(ctx.body, "moderate");
      if (body.status !== "enable" && body.status !== "refused")
        throw badRequest("status must be enable or refused");
      if (body.comment !== undefined && typeof body.comment !== "string")
        throw badRequest("comment must be a string");
      control.moderateSender(param(ctx, "serviceName"), param(ctx, "sender"), body.status, body.comment);
    }),
    // GET too: validationUrl is meant to be opened, like OVH's validation page.
    r("POST", "/credentials/{consumerKey}/validate", validate),
    r("GET", "/credentials/{consumerKey}/validate", validate),
    r("POST", "/oauth2/expire-tokens", () => control.expireTokens()),
  ];
}

export function createAdminHandler(
  core: Core,
  control: EmulatorControl,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const router = createRouter(controlRoutes(control));
  return async (req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const url = new URL(rawUrl, "https://emulator.invalid");
    const path = url.pathname.slice("/_emulator".length);
    try {
      if (!isLoopbackAddress(req.socket.remoteAddress))
        throw forbidden("The control API answers loopback clients only");
      if (path.startsWith("/documents/")) return await serveDocument(core, req, res, method, url);
      const body = await readBody(req, 10 * 1024 * 1024);
      const match = router.match(method, path);
      if (!match) throw unknownRoute(core, method, rawUrl);
      const ctx: RequestContext = {
        core,
        method: match.route.method,
        params: match.params,
        query: url.searchParams,
        body: method === "GET" || method === "DELETE" ? undefined : parseJsonBody(body),
        rawBody: body,
        headers: req.headers,
        caller: null,
      };
      const result = await match.route.handler(ctx);
      // Control methods start a save themselves when they change the state (and only then); waiting for it
      // means the state file is up to date when the answer arrives, without writing it a second time.
      await core.flushed();
      sendJson(res, 200, result ?? null);
    } catch (e) {
      if (!res.headersSent) sendError(res, e instanceof OvhError ? e : internalError((e as Error).message));
    }
  };
}

/** PUT/GET of a document's bytes through its putUrl/getUrl (the token in the URL stands for a signature). */
async function serveDocument(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  url: URL,
) {
  // The token in the query stands for a signature: log the path only.
  const open = openEntry(method, url.pathname, "none");
  let status = 200;
  try {
    const id = decodeURIComponent(url.pathname.slice("/_emulator/documents/".length));
    const doc = documentByToken(core.state, id, url.searchParams.get("token"));
    if (method === "PUT") {
      storeDocumentContent(doc, await readBody(req, MAX_DOCUMENT_BYTES));
      await core.persist();
      sendJson(res, 200, null);
    } else if (method === "GET") {
      const bytes = Buffer.from(doc.contentBase64 ?? "", "base64");
      res.writeHead(200, {
        "Content-Type": "application/octet-stream",
        "Content-Length": bytes.length,
        "X-Ovh-QueryId": newQueryId(),
      });
      res.end(bytes);
    } else {
      throw unknownRoute(core, method, url.pathname);
    }
  } catch (e) {
    const err = e instanceof OvhError ? e : internalError((e as Error).message);
    status = err.status;
    if (!res.headersSent) sendError(res, err);
  }
  closeEntry(core.log, open, status);
}
