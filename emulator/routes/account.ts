import { callerNic, param, type RequestContext, type Route } from "../router";
import { accountView, updateAccount } from "../state/account";
import { getService, listServices } from "../state/lookup";
import type { Service } from "../state/model";
import { pttDetails } from "../state/ptt";

// /sms, /sms/ptts, /sms/{serviceName}

export function serviceOf(ctx: RequestContext): Service {
  return getService(ctx.core.state, callerNic(ctx), param(ctx, "serviceName"));
}

export const accountRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/sms",
    auth: "required",
    iam: "sms:apiovh:get",
    handler: (ctx) => listServices(ctx.core.state, callerNic(ctx)),
  },
  {
    method: "GET",
    pattern: "/sms/ptts",
    auth: "required",
    iam: "account:apiovh:sms/ptts/get",
    query: ["ptt"],
    handler: (ctx) => pttDetails(ctx.query.get("ptt")),
  },
  {
    method: "GET",
    pattern: "/sms/{serviceName}",
    auth: "required",
    iam: "sms:apiovh:get",
    handler: (ctx) => accountView(serviceOf(ctx)),
  },
  {
    method: "PUT",
    pattern: "/sms/{serviceName}",
    auth: "required",
    iam: "sms:apiovh:put",
    handler: (ctx) => updateAccount(serviceOf(ctx), ctx.body),
  },
];
