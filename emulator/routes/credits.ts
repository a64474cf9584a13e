import type { Route } from "../router";
import { transferCredits } from "../state/credits";
import { serviceOf } from "./account";

// /sms/{serviceName}/transferCredits

export const creditRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/sms/{serviceName}/transferCredits",
    auth: "required",
    iam: "sms:apiovh:transferCredits",
    handler: (ctx) => transferCredits(ctx.core.state, serviceOf(ctx), ctx.body),
  },
];
