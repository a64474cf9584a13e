import { callerNic, param, type Route } from "../router";
import { createDocument, documentView, getDocument, listDocuments } from "../state/documents";

// /me/document[/{id}]. The upload itself (PUT putUrl) is served by the control side, see admin.ts.

const one = "/me/document/{id}";

export const documentRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/me/document",
    auth: "required",
    iam: "account:apiovh:me/document/get",
    handler: (ctx) => listDocuments(ctx.core.state, callerNic(ctx)),
  },
  {
    method: "POST",
    pattern: "/me/document",
    auth: "required",
    iam: "account:apiovh:me/document/create",
    handler: (ctx) =>
      documentView(
        createDocument(ctx.core.state, callerNic(ctx), ctx.body, ctx.core.clock.now()),
        ctx.core.origin,
      ),
  },
  {
    method: "GET",
    pattern: one,
    auth: "required",
    iam: "account:apiovh:me/document/get",
    handler: (ctx) =>
      documentView(getDocument(ctx.core.state, callerNic(ctx), param(ctx, "id")), ctx.core.origin),
  },
  {
    method: "DELETE",
    pattern: one,
    auth: "required",
    iam: "account:apiovh:me/document/delete",
    handler: (ctx) => {
      ctx.core.state.documents.delete(getDocument(ctx.core.state, callerNic(ctx), param(ctx, "id")).id);
    },
  },
];
