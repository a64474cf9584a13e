import { z } from "zod";
import { badRequest, notFound } from "../errors";
import type { Quota, Service, State, User } from "./model";
import { asObject, parseBody, roundCredits } from "./validate";

// Credit accounting. An active quota holds credits taken from the account: creditsLeft is what is free,
// creditsHoldByQuota what active quotas hold. Every move below keeps creditsLeft + held constant, except
// consumption (SMS sent) and purchases, so a customer's total only changes through those two.

export function creditsHoldByQuota(s: Service): number {
  let held = 0;
  for (const u of s.users.values())
    if (u.quotaInformations.quotaStatus === "active") held += u.quotaInformations.quotaLeft;
  return roundCredits(held);
}

export function userQuantityWithQuota(s: Service): number {
  let n = 0;
  for (const u of s.users.values()) if (u.quotaInformations.quotaStatus === "active") n++;
  return n;
}

function held(user: User): number {
  return user.quotaInformations.quotaStatus === "active" ? user.quotaInformations.quotaLeft : 0;
}

/**
 * Applies a (possibly partial) quotaInformations. Raising or activating takes the difference from creditsLeft,
 * lowering gives it back, deactivating gives back everything and leaves quotaLeft at 0 (a quotaLeft sent with
 * "inactive" is ignored: the control panel sends the old figure with the switch turned off).
 */
export function quotaChange(s: Service, user: User, patch: Partial<Quota>): { quota: Quota; delta: number } {
  const status = patch.quotaStatus ?? user.quotaInformations.quotaStatus;
  const requested = patch.quotaLeft ?? user.quotaInformations.quotaLeft;
  if (!Number.isFinite(requested) || requested < 0) {
    throw badRequest(`Invalid quotaInformations.quotaLeft ${requested}: must be 0 or more`);
  }
  const quota: Quota = { quotaStatus: status, quotaLeft: status === "active" ? roundCredits(requested) : 0 };
  const delta = roundCredits(quota.quotaLeft - held(user));
  if (delta > s.creditsLeft) {
    throw badRequest(
      `Not enough credits on ${s.serviceName}: a quota of ${quota.quotaLeft} for user ${user.login} needs ` +
        `${delta} more credits but only ${s.creditsLeft} are left on the account`,
    );
  }
  return { quota, delta };
}

/** Second half of quotaChange, once every other field of the update is known to be valid. */
export function commitQuota(s: Service, user: User, change: { quota: Quota; delta: number }): void {
  s.creditsLeft = roundCredits(s.creditsLeft - change.delta);
  user.quotaInformations = change.quota;
}

/** The credits a user's quota holds go back to the account (the caller removes the user). */
export function releaseUser(s: Service, user: User): void {
  s.creditsLeft = roundCredits(s.creditsLeft + held(user));
}

const transferBody = z.strictObject({ credits: z.number(), smsAccountTarget: z.string() });

/** POST /sms/{sn}/transferCredits: only between accounts of one customer; a foreign target looks missing. */
export function transferCredits(state: State, source: Service, body: unknown): void {
  const { credits, smsAccountTarget } = parseBody(
    transferBody,
    asObject(body, "transferCredits"),
    "transferCredits",
  );
  if (!Number.isFinite(credits) || credits <= 0) {
    throw badRequest(`Invalid credits ${credits}: the amount to transfer must be positive`);
  }
  const target = state.services.get(smsAccountTarget);
  if (!target || target.nic !== source.nic) {
    throw notFound(`The target SMS account ${smsAccountTarget} does not exist`);
  }
  if (target === source) throw badRequest("Credits cannot be transferred to the same SMS account");
  if (credits > source.creditsLeft) {
    throw badRequest(
      `Not enough credits on ${source.serviceName}: ${credits} requested, ${source.creditsLeft} left ` +
        "(credits held by user quotas cannot be transferred)",
    );
  }
  source.creditsLeft = roundCredits(source.creditsLeft - credits);
  target.creditsLeft = roundCredits(target.creditsLeft + credits);
}

/** Simulated sending: a user with an active quota spends its quota, anyone else the account's credits. */
export function consume(s: Service, user: User | null, credits: number): void {
  if (!Number.isFinite(credits) || credits <= 0)
    throw badRequest(`Invalid credits ${credits}: must be positive`);
  if (user && user.quotaInformations.quotaStatus === "active") {
    if (credits > user.quotaInformations.quotaLeft) {
      throw badRequest(
        `User ${user.login} has only ${user.quotaInformations.quotaLeft} credits left in its quota`,
      );
    }
    user.quotaInformations.quotaLeft = roundCredits(user.quotaInformations.quotaLeft - credits);
    return;
  }
  if (credits > s.creditsLeft) throw badRequest(`${s.serviceName} has only ${s.creditsLeft} credits left`);
  s.creditsLeft = roundCredits(s.creditsLeft - credits);
}

/** Simulated purchase of credits. */
export function addCredits(s: Service, credits: number): void {
  if (!Number.isFinite(credits) || credits <= 0)
    throw badRequest(`Invalid credits ${credits}: must be positive`);
  s.creditsLeft = roundCredits(s.creditsLeft + credits);
}
