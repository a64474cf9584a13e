import { fetchCsv } from "../csvfetch";
import { internalError } from "../errors";
import { callerNic, param, type RequestContext, type Route } from "../router";
import { receiversOwner } from "../state/lookup";
import {
  checkNewReceiver,
  documentCsv,
  getReceiver,
  listReceivers,
  receiverView,
  storeReceiver,
  updateReceiver,
  type ReceiversOwner,
} from "../state/receivers";
import { serviceOf } from "./account";

// /sms/{serviceName}/receivers… and /sms/{serviceName}/users/{login}/receivers…: same model, same rules.

function ownerOf(ctx: RequestContext): ReceiversOwner {
  return receiversOwner(serviceOf(ctx), ctx.params.login ?? null);
}

async function create(ctx: RequestContext): Promise<unknown> {
  const spec = checkNewReceiver(ownerOf(ctx), ctx.body);
  let csv: string;
  if (spec.csvUrl !== undefined) csv = await fetchCsv(spec.csvUrl);
  else if (spec.documentId !== undefined) csv = documentCsv(ctx.core.state, callerNic(ctx), spec.documentId);
  else throw internalError("Receiver without a source");
  // Looked up again: the user may have been deleted while the CSV was downloading.
  return receiverView(storeReceiver(ownerOf(ctx), spec, csv, ctx.core.clock.now()));
}

function routesUnder(prefix: string, iamPrefix: string): Route[] {
  const list = `${prefix}/receivers`;
  const one = `${list}/{slotId}`;
  const iam = (action: string): string => `sms:apiovh:${iamPrefix}receivers/${action}`;
  return [
    {
      method: "GET",
      pattern: list,
      auth: "required",
      iam: iam("get"),
      handler: (ctx) => listReceivers(ownerOf(ctx)),
    },
    { method: "POST", pattern: list, auth: "required", iam: iam("create"), handler: create },
    {
      method: "GET",
      pattern: one,
      auth: "required",
      iam: iam("get"),
      handler: (ctx) => receiverView(getReceiver(ownerOf(ctx), param(ctx, "slotId"))),
    },
    {
      method: "PUT",
      pattern: one,
      auth: "required",
      iam: iam("edit"),
      handler: (ctx) => updateReceiver(getReceiver(ownerOf(ctx), param(ctx, "slotId")), ctx.body),
    },
    {
      method: "DELETE",
      pattern: one,
      auth: "required",
      iam: iam("delete"),
      handler: (ctx) => {
        const owner = ownerOf(ctx);
        owner.receivers.delete(getReceiver(owner, param(ctx, "slotId")).slotId);
      },
    },
    {
      method: "GET",
      pattern: `${one}/csv`,
      auth: "required",
      iam: iam("csv/get"),
      handler: (ctx) => getReceiver(ownerOf(ctx), param(ctx, "slotId")).csv,
    },
  ];
}

export const receiverRoutes: Route[] = [
  ...routesUnder("/sms/{serviceName}", ""),
  ...routesUnder("/sms/{serviceName}/users/{login}", "users/"),
];
