/**
 * The record a credit transfer leaves in the state before it sends anything. A `pulumi up` killed while a
 * transfer's POST is in flight leaves no trace of it in the state (the engine does not reliably record the
 * pending create, and `pulumi refresh --clear-pending-creates` drops it), and OVH keeps no transfer object
 * to read back: the next run would transfer again. So every SmsCreditTransfer is preceded by this
 * resource, created in the same operation just before it: it moves nothing, and records the operation and
 * both accounts' credits (free + held by quotas) at that moment. A transfer that finds its intent made by
 * an earlier operation knows that run never recorded the transfer, and resolves it by reading: it is sent
 * only if nothing moved since (smsCreditTransfer.ts).
 *
 *   check → passes the inputs on (SmsCreditTransfer validates the same values and names the fields)
 *   create → GET of both accounts; no write
 *   diff → new triggers, accounts or credits replace it (the transfer is replaced with it)
 *   read, update, delete → no call
 */
import * as pulumi from "@pulumi/pulumi";
import { getAccount, type Account } from "../sdk";
import { getClient, operationId } from "./config";
import { failure, type ResourceRef } from "./lifecycle";
// The module's exports object is what the closure serializer stores as one require (see providers/).
import * as smsCreditTransferIntentProvider from "./providers/smsCreditTransferIntent";

export interface TransferIntentInputs {
  from: string;
  to: string;
  credits: number;
  triggers?: Array<string | number | boolean>;
}

/** What a transfer needs from its intent (its `intent` input). */
export interface TransferIntent {
  /** The engine operation that made the intent (one provider process serves one operation). */
  operation: string;
  /** Free plus held credits of each account when the intent was made. */
  fromTotal: number;
  toTotal: number;
  at: string;
}

export type TransferIntentOutputs = TransferIntentInputs & { intent: TransferIntent };

const ref = (from: string, to: string): ResourceRef => ({ kind: "SmsCreditTransfer", id: `${from} → ${to}` });

/** Both accounts of a transfer, read at once. */
export function bothAccounts(from: string, to: string): Promise<[Account, Account]> {
  const client = getClient();
  return Promise.all([getAccount(client, from), getAccount(client, to)]);
}

/** Free plus held credits: the figure a transfer changes and a quota's hold does not. */
export function totalCredits(account: Account): number {
  return account.creditsLeft + account.creditsHoldByQuota;
}

export async function accountTotals(from: string, to: string): Promise<[number, number]> {
  const [a, b] = await bothAccounts(from, to);
  return [totalCredits(a), totalCredits(b)];
}

export function check(_olds: object, news: Record<string, unknown>) {
  return Promise.resolve({ inputs: news, failures: [] });
}

export function diff(_id: string, olds: TransferIntentOutputs, news: TransferIntentInputs) {
  const key = (v: TransferIntentInputs) => JSON.stringify([v.from, v.to, v.credits, v.triggers ?? []]);
  const changed = key(olds) !== key(news);
  return Promise.resolve({ changes: changed, ...(changed ? { replaces: ["triggers"] } : {}) });
}

export async function create(inputs: TransferIntentInputs) {
  const { from, to, credits, triggers } = inputs;
  const [fromTotal, toTotal] = await accountTotals(from, to).catch((error: unknown) => {
    throw failure(ref(from, to), "reading the balances before the transfer", error);
  });
  const intent: TransferIntent = {
    operation: operationId(),
    fromTotal,
    toTotal,
    at: new Date().toISOString(),
  };
  const outs: TransferIntentOutputs = { from, to, credits, ...(triggers ? { triggers } : {}), intent };
  return { id: `${from}/${to}/${intent.at}`, outs };
}

export function read(id: string, props?: TransferIntentOutputs) {
  return Promise.resolve({ id, props });
}

export function update(_id: string, olds: TransferIntentOutputs, _news: TransferIntentInputs) {
  return Promise.resolve({ outs: olds });
}

export function remove(_id: string, _props: TransferIntentOutputs) {
  return Promise.resolve();
}

/** Made by SmsCreditTransfer's constructor, never by programs: see the module comment. */
export class SmsCreditTransferIntent extends pulumi.dynamic.Resource {
  declare readonly intent: pulumi.Output<TransferIntent>;

  constructor(name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(
      smsCreditTransferIntentProvider,
      name,
      { ...args, intent: undefined },
      opts,
      "ovh-sms",
      "SmsCreditTransferIntent",
    );
  }
}
