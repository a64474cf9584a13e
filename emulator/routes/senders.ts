import { param, type Route } from "../router";
import { getSender } from "../state/lookup";
import { createSender, listSenders, senderView, updateSender } from "../state/senders";
import { serviceOf } from "./account";

// /sms/{serviceName}/senders[/{sender}]

const one = "/sms/{serviceName}/senders/{sender}";

export const senderRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/sms/{serviceName}/senders",
    auth: "required",
    iam: "sms:apiovh:senders/get",
    handler: (ctx) => listSenders(serviceOf(ctx)),
  },
  {
    method: "POST",
    pattern: "/sms/{serviceName}/senders",
    auth: "required",
    iam: "sms:apiovh:senders/create",
    handler: (ctx) => createSender(serviceOf(ctx), ctx.body),
  },
  {
    method: "GET",
    pattern: one,
    auth: "required",
    iam: "sms:apiovh:senders/get",
    handler: (ctx) => senderView(getSender(serviceOf(ctx), param(ctx, "sender"))),
  },
  {
    method: "PUT",
    pattern: one,
    auth: "required",
    iam: "sms:apiovh:senders/edit",
    handler: (ctx) => updateSender(getSender(serviceOf(ctx), param(ctx, "sender")), ctx.body),
  },
  {
    method: "DELETE",
    pattern: one,
    auth: "required",
    iam: "sms:apiovh:senders/delete",
    handler: (ctx) => {
      const service = serviceOf(ctx);
      service.senders.delete(getSender(service, param(ctx, "sender")).sender);
    },
  },
];
