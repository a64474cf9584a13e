import type { OvhClient } from "./client";
import { StringIdsSchema } from "./lists";
import {
  UserCreateSchema,
  UserSchema,
  UserUpdateSchema,
  type User,
  type UserCreate,
  type UserUpdate,
} from "./models/user";
import { path } from "./paths";

/** `GET /sms/{serviceName}/users`: logins. */
export function listUsers(c: OvhClient, serviceName: string): Promise<string[]> {
  return c.call({
    method: "GET",
    path: path`/sms/${serviceName}/users`,
    response: StringIdsSchema,
    model: "string[]",
  });
}

/** `GET /sms/{serviceName}/users/{login}` (the result includes the password). */
export function getUser(c: OvhClient, serviceName: string, login: string): Promise<User> {
  return c.call({
    method: "GET",
    path: path`/sms/${serviceName}/users/${login}`,
    response: UserSchema,
    model: "sms.User",
  });
}

/** `POST /sms/{serviceName}/users`. Not retried after an ambiguous failure. */
export function createUser(c: OvhClient, serviceName: string, body: UserCreate): Promise<void> {
  return c.call({
    method: "POST",
    path: path`/sms/${serviceName}/users`,
    body,
    bodySchema: UserCreateSchema,
    response: "void",
    model: "sms.User",
    checkHint: `check GET ${path`/sms/${serviceName}/users/${body.login}`} before retrying`,
  });
}

/** `PUT /sms/{serviceName}/users/{login}` with only the fields to change. */
export function updateUser(
  c: OvhClient,
  serviceName: string,
  login: string,
  patch: UserUpdate,
): Promise<void> {
  return c.call({
    method: "PUT",
    path: path`/sms/${serviceName}/users/${login}`,
    body: patch,
    bodySchema: UserUpdateSchema,
    response: "void",
    model: "sms.User",
  });
}

/** `DELETE /sms/{serviceName}/users/{login}`. */
export function deleteUser(c: OvhClient, serviceName: string, login: string): Promise<void> {
  return c.call({
    method: "DELETE",
    path: path`/sms/${serviceName}/users/${login}`,
    response: "void",
    model: "sms.User",
  });
}
