import type { OvhClient } from "./client";
import { StringIdsSchema } from "./lists";
import { AccountSchema, AccountUpdateSchema, type Account, type AccountUpdate } from "./models/account";
import { path } from "./paths";

/** `GET /sms`: the SMS service names these credentials can see. */
export function listServices(c: OvhClient): Promise<string[]> {
  return c.call({ method: "GET", path: "/sms", response: StringIdsSchema, model: "string[]" });
}

/** `GET /sms/{serviceName}`. */
export function getAccount(c: OvhClient, serviceName: string): Promise<Account> {
  return c.call({
    method: "GET",
    path: path`/sms/${serviceName}`,
    response: AccountSchema,
    model: "sms.Account",
  });
}

/** `PUT /sms/{serviceName}` with only the fields to change. */
export function updateAccount(c: OvhClient, serviceName: string, patch: AccountUpdate): Promise<void> {
  return c.call({
    method: "PUT",
    path: path`/sms/${serviceName}`,
    body: patch,
    bodySchema: AccountUpdateSchema,
    response: "void",
    model: "sms.Account",
  });
}
