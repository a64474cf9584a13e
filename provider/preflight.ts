/**
 * What `check` verifies against the live account so a plan fails at preview, not half way through `up`:
 * the account exists and these credentials may use it, and the credits the plan's quotas take from it
 * (summed over every resource of the plan, not per resource) fit in its free credits.
 */
import { getAccount, isForbidden, isNotFound, isUnauthorized, type Account, type OvhClient } from "../sdk";
import { perOperation } from "./config";
import { messageOf } from "./lifecycle";

interface Plan {
  client: OvhClient;
  accounts: Map<string, Promise<Account>>;
  /** serviceName → resource key → credits that resource takes from the account's free credits. */
  credits: Map<string, Map<string, number>>;
}

const plan = perOperation<Plan>((client) => ({ client, accounts: new Map(), credits: new Map() }));

/** The account, read once per operation; a sentence saying what is wrong with it otherwise. */
export async function accountOrProblem(serviceName: string): Promise<Account | string> {
  try {
    const { client, accounts } = plan(); // throws when no credentials are configured
    let pending = accounts.get(serviceName);
    if (!pending) {
      pending = getAccount(client, serviceName);
      accounts.set(serviceName, pending);
      pending.catch(() => accounts.delete(serviceName)); // a failure is not served again
    }
    return await pending;
  } catch (error) {
    return accountProblem(serviceName, error);
  }
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
  const { credits: all } = plan();
  let account = all.get(serviceName);
  if (!account) {
    account = new Map();
    all.set(serviceName, account);
  }
  if (!account.has(key)) account.set(key, Math.max(0, credits()));
  const parts = [...account].filter(([, n]) => n > 0);
  return { total: parts.reduce((sum, [, n]) => sum + n, 0), parts };
}

/** "needs 1200 credits (alice 700, bob 500) but only 1000 are free" */
export function creditShortfall(
  serviceName: string,
  free: number,
  taken: { total: number; parts: Array<[string, number]> },
): string | undefined {
  if (taken.total <= free) return undefined;
  const parts = taken.parts.map(([key, n]) => `${key} ${n}`).join(", ");
  return (
    `the quotas this plan sets on ${serviceName} take ${taken.total} credits from the account (${parts}) ` +
    `but only ${free} are free: lower the quotas, transfer credits to ${serviceName}, or buy credits`
  );
}
