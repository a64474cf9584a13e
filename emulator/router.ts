import type { IncomingHttpHeaders } from "node:http";
import type { Caller } from "./auth";
import type { Core } from "./core";
import { internalError } from "./errors";
import type { HttpMethod } from "./types";

// Method + path-template routing for the API (paths relative to /1.0, e.g. /sms/{serviceName}/users).

export interface RequestContext {
  core: Core;
  method: HttpMethod;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON for POST/PUT (undefined when the body is empty); raw routes read rawBody instead. */
  body: unknown;
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  caller: Caller | null;
}

export interface Route {
  method: HttpMethod;
  pattern: string;
  /** "required": signature or OAuth2 bearer, with access rules checked; "none": the handler decides. */
  auth: "required" | "none";
  /** IAM action reported when an OAuth2 token is not granted this call. */
  iam: string;
  /** Allowed query parameters; any other one is refused. */
  query?: readonly string[];
  /** The handler parses the body itself (form-encoded OAuth2 token request). */
  rawBody?: boolean;
  handler: (ctx: RequestContext) => unknown;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export interface Router {
  match(method: string, path: string): { route: Route; params: Record<string, string> } | null;
}

export function createRouter(routes: Route[]): Router {
  const byKey = new Map<string, CompiledRoute[]>();
  for (const route of routes) {
    const segments = route.pattern.split("/").slice(1);
    const key = `${route.method} ${segments.length}`;
    const list = byKey.get(key) ?? [];
    list.push({ route, segments });
    byKey.set(key, list);
  }
  // Literal segments win over parameters (/sms/ptts is not /sms/{serviceName}).
  for (const list of byKey.values()) {
    list.sort((a, b) => literalScore(b.segments) - literalScore(a.segments));
  }
  return {
    match(method, path) {
      const parts = path.split("/").slice(1);
      for (const candidate of byKey.get(`${method} ${parts.length}`) ?? []) {
        const params = matchSegments(candidate.segments, parts);
        if (params) return { route: candidate.route, params };
      }
      return null;
    },
  };
}

function literalScore(segments: string[]): number {
  return segments.reduce(
    (score, s, i) => (s.startsWith("{") ? score : score + 2 ** (segments.length - i)),
    0,
  );
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const p = parts[i] as string;
    if (t.startsWith("{")) {
      if (p === "") return null;
      try {
        params[t.slice(1, -1)] = decodeURIComponent(p);
      } catch {
        return null;
      }
    } else if (t !== p) {
      return null;
    }
  }
  return params;
}

/** The authenticated caller's customer account (nic); routes with auth "required" always have one. */
export function callerNic(ctx: RequestContext): string {
  if (!ctx.caller) throw internalError("Route without an authenticated caller");
  return ctx.caller.nic;
}

export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw internalError(`Missing path parameter ${name}`);
  return value;
}
