import { z } from "zod";
import type { OvhClient } from "./client";
import { StringIdsSchema } from "./lists";
import {
  SenderCreateSchema,
  SenderSchema,
  SenderUpdateSchema,
  type Sender,
  type SenderCreate,
  type SenderUpdate,
} from "./models/sender";
import { path } from "./paths";

/** `GET /sms/{serviceName}/senders`. */
export function listSenders(c: OvhClient, serviceName: string): Promise<string[]> {
  return c.call({
    method: "GET",
    path: path`/sms/${serviceName}/senders`,
    response: StringIdsSchema,
    model: "string[]",
  });
}

/** `GET /sms/{serviceName}/senders/{sender}`. */
export function getSender(c: OvhClient, serviceName: string, sender: string): Promise<Sender> {
  return c.call({
    method: "GET",
    path: path`/sms/${serviceName}/senders/${sender}`,
    response: SenderSchema,
    model: "sms.Sender",
  });
}

/**
 * `POST /sms/{serviceName}/senders`: asks OVH to moderate a new sender (status `waitingValidation`).
 * Returns OVH's string answer. Not retried after an ambiguous failure.
 */
export function createSender(c: OvhClient, serviceName: string, body: SenderCreate): Promise<string> {
  return c.call({
    method: "POST",
    path: path`/sms/${serviceName}/senders`,
    body,
    bodySchema: SenderCreateSchema,
    response: z.string(),
    model: "string",
    checkHint: `check GET ${path`/sms/${serviceName}/senders/${body.sender}`} before retrying`,
  });
}

/** `PUT /sms/{serviceName}/senders/{sender}`. */
export function updateSender(
  c: OvhClient,
  serviceName: string,
  sender: string,
  patch: SenderUpdate,
): Promise<void> {
  return c.call({
    method: "PUT",
    path: path`/sms/${serviceName}/senders/${sender}`,
    body: patch,
    bodySchema: SenderUpdateSchema,
    response: "void",
    model: "sms.Sender",
  });
}

/** `DELETE /sms/{serviceName}/senders/{sender}`. */
export function deleteSender(c: OvhClient, serviceName: string, sender: string): Promise<void> {
  return c.call({
    method: "DELETE",
    path: path`/sms/${serviceName}/senders/${sender}`,
    response: "void",
    model: "sms.Sender",
  });
}
