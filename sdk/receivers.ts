import { z } from "zod";
import type { OvhClient } from "./client";
import { LongIdsSchema } from "./lists";
import {
  ReceiverCreateSchema,
  ReceiverSchema,
  ReceiverUpdateSchema,
  type Receiver,
  type ReceiverCreate,
  type ReceiverUpdate,
} from "./models/receiver";
import { path } from "./paths";

// Every function takes an optional `login`: given, it addresses the user's own contact lists
// (`/sms/{serviceName}/users/{login}/receivers…`) instead of the account's.

function base(serviceName: string, login: string | undefined): string {
  return login === undefined
    ? path`/sms/${serviceName}/receivers`
    : path`/sms/${serviceName}/users/${login}/receivers`;
}

function slot(serviceName: string, slotId: number, login: string | undefined): string {
  return `${base(serviceName, login)}${path`/${slotId}`}`;
}

/** `GET …/receivers`: slot ids in use. */
export function listReceivers(c: OvhClient, serviceName: string, login?: string): Promise<number[]> {
  return c.call({ method: "GET", path: base(serviceName, login), response: LongIdsSchema, model: "long[]" });
}

/** `GET …/receivers/{slotId}`. */
export function getReceiver(
  c: OvhClient,
  serviceName: string,
  slotId: number,
  login?: string,
): Promise<Receiver> {
  return c.call({
    method: "GET",
    path: slot(serviceName, slotId, login),
    response: ReceiverSchema,
    model: "sms.Receiver",
  });
}

/** `POST …/receivers`: the slot id is chosen by the caller. Not retried after an ambiguous failure. */
export function createReceiver(
  c: OvhClient,
  serviceName: string,
  body: ReceiverCreate,
  login?: string,
): Promise<Receiver> {
  return c.call({
    method: "POST",
    path: base(serviceName, login),
    body,
    bodySchema: ReceiverCreateSchema,
    response: ReceiverSchema,
    model: "sms.Receiver",
    checkHint: `check GET ${slot(serviceName, body.slotId, login)} before retrying`,
  });
}

/** `PUT …/receivers/{slotId}`. */
export function updateReceiver(
  c: OvhClient,
  serviceName: string,
  slotId: number,
  patch: ReceiverUpdate,
  login?: string,
): Promise<void> {
  return c.call({
    method: "PUT",
    path: slot(serviceName, slotId, login),
    body: patch,
    bodySchema: ReceiverUpdateSchema,
    response: "void",
    model: "sms.Receiver",
  });
}

/** `DELETE …/receivers/{slotId}`. */
export function deleteReceiver(
  c: OvhClient,
  serviceName: string,
  slotId: number,
  login?: string,
): Promise<void> {
  return c.call({
    method: "DELETE",
    path: slot(serviceName, slotId, login),
    response: "void",
    model: "sms.Receiver",
  });
}

/** `GET …/receivers/{slotId}/csv`: the whole list as CSV text (`;`-separated). */
export function getReceiverCsv(
  c: OvhClient,
  serviceName: string,
  slotId: number,
  login?: string,
): Promise<string> {
  return c.call({
    method: "GET",
    path: `${slot(serviceName, slotId, login)}/csv`,
    response: z.string(),
    model: "string",
  });
}
