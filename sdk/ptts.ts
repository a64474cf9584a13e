import type { OvhClient } from "./client";
import { PttDetailsSchema, type PttDetails } from "./models/ptt";
import { withQuery } from "./paths";

/** `GET /sms/ptts?ptt=…`: meaning of a PTT delivery status code. */
export function getPtt(c: OvhClient, ptt: number): Promise<PttDetails> {
  if (!Number.isSafeInteger(ptt)) throw new TypeError(`getPtt: ptt must be an integer, got ${ptt}`);
  return c.call({
    method: "GET",
    path: withQuery("/sms/ptts", { ptt }),
    response: PttDetailsSchema,
    model: "sms.PttDetails",
  });
}
