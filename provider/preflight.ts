/**
 * What `check` verifies against the live account so a plan fails at preview, not half way through `up`:
 * the account exists and these credentials may use it, and the credits the plan's quotas take from it
 * (summed over every resource of the plan, not per resource) fit in its free credits.
 */
import {
  getAccount,
  getCurrentCredential,
  isForbidden,
  isNotFound,
  isUnauthorized,
  rulesAllow,
  type Account,
  type CurrentCredential,
  type OvhClient,
} from "../sdk";
import { perOperation } from "./config";
import { messageOf } from "./lifecycle";

interface Plan {
  client: OvhClient;
  accounts: Map<string, Promise<Account>>;
  /** The consumer key's access rules, when the API tells them (signature auth, call allowed). */
  credential?: Promise<CurrentCredential | undefined>;
  /** serviceName → resource key → credits that resource takes from the account's free credits. */
  credits: Map<string, Map<string, number>>;
  /** serviceName → resource key → credits the plan transfers to the account (checked before its users). */
  incoming: Map<string, Map<string, number>>;
}

const plan = perOperation<Plan>((client) => ({
  client,
  accounts: new Map(),
  credits: new Map(),
  incoming: new Map(),
}));

/** A call a resource will make: method and API path. */
export type Call = readonly [method: string, path: string];

/**
 * The account, read once per operation; a sentence saying what is wrong with it otherwise: it cannot be
 * read, or the consumer key's access rules do not allow one of `calls` (a key that may only read passes
 * the GET but would fail the first write, half way through `up`).
 */
export async function accountOrProblem(
  serviceName: string,
  calls: readonly Call[] = [],
): Promise<Account | string> {
  let account: Account;
  let current: Plan;
  try {
    current = plan(); // throws when no credentials are configured
    let pending = current.accounts.get(serviceName);
    if (!pending) {
      pending = getAccount(current.client, serviceName);
      current.accounts.set(serviceName, pending);
      pending.catch(() => current.accounts.delete(serviceName)); // a failure is not served again
    }
    account = await pending;
  } catch (error) {
    return accountProblem(serviceName, error);
  }
  const missing = await missingCalls(current, calls);
  if (missing.length === 0) return account;
  return (
    `these credentials may not change the SMS account ${serviceName}: the consumer key's access rules do not ` +
    `allow ${missing.map(([m, p]) => `${m} ${p}`).join(", ")}; create a consumer key whose rules allow GET, ` +
    `POST, PUT and DELETE on /sms/${serviceName} and /sms/${serviceName}/*`
  );
}

/** The calls the key's rules refuse; none when the rules cannot be read (OAuth2, or the call refused). */
async function missingCalls(current: Plan, calls: readonly Call[]): Promise<Call[]> {
  if (calls.length === 0 || current.client.authMode !== "signature") return [];
  current.credential ??= getCurrentCredential(current.client).catch(() => undefined);
  const credential = await current.credential;
  if (!credential) return [];
  return calls.filter(([method, path]) => !rulesAllow(credential.rules, method, path));
}

function accountProblem(serviceName: string, error: unknown): string {
  const call = `GET /sms/${serviceName}`;
  if (isNotFound(error))
    return (
      `the SMS account ${serviceName} does not exist or is not visible with these credentials (${call} ` +
      "answered 404): check the name in the control panel, and that the API credentials belong to the " +
      "account's owner"
    );
  if (isForbidden(error) || isUnauthorized(error))
    return (
      `these credentials may not use the SMS account ${serviceName} (${call} answered ${error.status}` +
      `${error.errorCode ? ` ${error.errorCode}` : ""}): the consumer key's access rules (or the OAuth2 ` +
      `client's IAM policy) must allow GET, POST, PUT and DELETE on /sms/${serviceName} and /sms/${serviceName}/*`
    );
  return `the SMS account ${serviceName} could not be read: ${messageOf(error)}`;
}

/**
 * Records that resource `key` takes `credits` from the free credits of `serviceName` and returns the plan's
 * total for that account with its parts. A resource checked again in the same operation (the engine checks
 * a replacement twice, the second time without its old inputs) keeps its first figure.
 */
export function planCredits(
  serviceName: string,
  key: string,
  credits: () => number,
): { total: number; parts: Array<[string, number]> } {
  const account = entry(plan().credits, serviceName);
  if (!account.has(key)) account.set(key, Math.max(0, credits()));
  // Sorted so the message does not depend on the order the engine checked the resources in.
  const parts = [...account].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { total: parts.reduce((sum, [, n]) => sum + n, 0), parts };
}

/** Records that resource `key` of the plan transfers `credits` to `serviceName` (once per operation). */
export function planIncoming(serviceName: string, key: string, credits: number): void {
  const account = entry(plan().incoming, serviceName);
  if (!account.has(key)) account.set(key, Math.max(0, credits));
}

/** Credits the plan transfers to `serviceName`, from the transfers checked so far. */
export function incomingCredits(serviceName: string): number {
  return [...entry(plan().incoming, serviceName).values()].reduce((sum, n) => sum + n, 0);
}

function entry(all: Map<string, Map<string, number>>, serviceName: string): Map<string, number> {
  let account = all.get(serviceName);
  if (!account) {
    account = new Map();
    all.set(serviceName, account);
  }
  return account;
}

/**
 * "the quotas this plan sets on sms-… take at least 1200 credits from the account (alice 700, bob 500,
 * counting the resources checked so far) but only 1000 are free". `free` counts what the plan transfers in (`incoming`), said when there is any.
 */
export function creditShortfall(
  serviceName: string,
  free: number,
  taken: { total: number; parts: Array<[string, number]> },
  incoming = 0,
): string | undefined {
  if (taken.total <= free + incoming) return undefined;
  const parts = taken.parts.map(([key, n]) => `${key} ${n}`).join(", ");
  const what = taken.parts.some(([key]) => key.startsWith("transfer")) ? "quotas and transfers" : "quotas";
  const available =
    incoming > 0 ? `${free + incoming} (${free} free, ${incoming} transferred in by this plan)` : `${free}`;
  return (
    // The engine checks resources one by one: the figure counts those checked so far, hence "at least".
    `the ${what} this plan sets on ${serviceName} take at least ${taken.total} credits from the account ` +
    `(${parts}, counting the resources checked so far) ` +
    `but only ${available} are free: lower the ${what}, transfer credits to ${serviceName}, or buy credits`
  );
}
