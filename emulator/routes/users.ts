import { param, type Route } from "../router";
import { getUser } from "../state/lookup";
import { createUser, deleteUser, updateUser, userView } from "../state/users";
import { serviceOf } from "./account";

// /sms/{serviceName}/users[/{login}]

const one = "/sms/{serviceName}/users/{login}";

export const userRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/sms/{serviceName}/users",
    auth: "required",
    iam: "sms:apiovh:users/get",
    handler: (ctx) => [...serviceOf(ctx).users.keys()].sort(),
  },
  {
    method: "POST",
    pattern: "/sms/{serviceName}/users",
    auth: "required",
    iam: "sms:apiovh:users/create",
    handler: (ctx) => {
      createUser(serviceOf(ctx), ctx.body);
    },
  },
  {
    method: "GET",
    pattern: one,
    auth: "required",
    iam: "sms:apiovh:users/get",
    handler: (ctx) => userView(getUser(serviceOf(ctx), param(ctx, "login"))),
  },
  {
    method: "PUT",
    pattern: one,
    auth: "required",
    iam: "sms:apiovh:users/edit",
    handler: (ctx) => {
      const service = serviceOf(ctx);
      updateUser(service, getUser(service, param(ctx, "login")), ctx.body);
    },
  },
  {
    method: "DELETE",
    pattern: one,
    auth: "required",
    iam: "sms:apiovh:users/delete",
    handler: (ctx) => {
      const service = serviceOf(ctx);
      deleteUser(service, getUser(service, param(ctx, "login")));
    },
  },
];
