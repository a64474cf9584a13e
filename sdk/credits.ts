import type { OvhClient } from "./client";
import { TransferCreditsSchema, type TransferCredits } from "./models/credits";
import { path } from "./paths";

/**
 * `POST /sms/{serviceName}/transferCredits`: moves credits to another SMS account of the same
 * OVH account. Applied at most once: never retried after the request may have reached OVH.
 */
export function transferCredits(c: OvhClient, serviceName: string, body: TransferCredits): Promise<void> {
  return c.call({
    method: "POST",
    path: path`/sms/${serviceName}/transferCredits`,
    body,
    bodySchema: TransferCreditsSchema,
    response: "void",
    model: "transferCredits",
    checkHint:
      `compare creditsLeft from GET ${path`/sms/${serviceName}`} and ` +
      `GET ${path`/sms/${body.smsAccountTarget}`} with their values before the transfer, before retrying`,
  });
}
