import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OvhError } from "../../emulator/errors";
import {
  consume,
  creditsHoldByQuota,
  releaseUser,
  transferCredits,
  userQuantityWithQuota,
} from "../../emulator/state/credits";
import { emptyState, type Service, type State, type User } from "../../emulator/state/model";
import { applySeed } from "../../emulator/state/seed";
import { createUser, deleteUser, updateUser } from "../../emulator/state/users";

// Pure credit accounting, no HTTP.

function twoAccounts(a: number, b: number): { state: State; A: Service; B: Service } {
  const state = emptyState();
  applySeed(
    state,
    {
      customers: [
        {
          nic: "ab12345-ovh",
          services: [
            { serviceName: "sms-a", creditsLeft: a },
            { serviceName: "sms-b", creditsLeft: b },
          ],
        },
      ],
    },
    Date.now(),
  );
  return { state, A: state.services.get("sms-a") as Service, B: state.services.get("sms-b") as Service };
}

const total = (...services: Service[]): number =>
  services.reduce((sum, s) => sum + s.creditsLeft + creditsHoldByQuota(s), 0);

function setQuota(s: Service, login: string, quotaInformations: unknown): void {
  const user = s.users.get(login);
  if (!user) throw new Error("no user");
  updateUser(s, user, { quotaInformations });
}

describe("quota accounting", () => {
  it("takes, returns and releases credits", () => {
    const { A } = twoAccounts(200, 0);
    createUser(A, { login: "u1", password: "Abcd1234" });
    createUser(A, { login: "u2", password: "Abcd1234" });
    setQuota(A, "u1", { quotaStatus: "active", quotaLeft: 150 });
    expect([A.creditsLeft, creditsHoldByQuota(A), userQuantityWithQuota(A)]).toEqual([50, 150, 1]);
    setQuota(A, "u2", { quotaStatus: "active", quotaLeft: 50 });
    expect([A.creditsLeft, creditsHoldByQuota(A), userQuantityWithQuota(A)]).toEqual([0, 200, 2]);
    expect(() => setQuota(A, "u2", { quotaLeft: 51 })).toThrow(/Not enough credits/);
    setQuota(A, "u1", { quotaLeft: 100 });
    expect(A.creditsLeft).toBe(50);
    setQuota(A, "u1", { quotaStatus: "inactive" });
    expect([A.creditsLeft, creditsHoldByQuota(A), A.users.get("u1")?.quotaInformations]).toEqual([
      150,
      50,
      { quotaLeft: 0, quotaStatus: "inactive" },
    ]);
    deleteUser(A, A.users.get("u2") as never);
    expect([A.creditsLeft, creditsHoldByQuota(A), userQuantityWithQuota(A)]).toEqual([200, 0, 0]);
  });

  it("releaseUser only returns the held credits; deleteUser also removes the user", () => {
    const { A } = twoAccounts(100, 0);
    createUser(A, { login: "u1", password: "Abcd1234" });
    setQuota(A, "u1", { quotaStatus: "active", quotaLeft: 40 });
    const u1 = A.users.get("u1") as NonNullable<ReturnType<typeof A.users.get>>;
    releaseUser(A, u1);
    expect([A.creditsLeft, [...A.users.keys()]]).toEqual([100, ["u1"]]);
    createUser(A, { login: "u2", password: "Abcd1234" });
    deleteUser(A, A.users.get("u2") as never);
    expect([...A.users.keys()]).toEqual(["u1"]);
  });

  it("spends a user's quota, or the account's credits for users without quota", () => {
    const { A } = twoAccounts(100, 0);
    createUser(A, { login: "q", password: "Abcd1234" });
    createUser(A, { login: "free", password: "Abcd1234" });
    setQuota(A, "q", { quotaStatus: "active", quotaLeft: 10 });
    consume(A, A.users.get("q") ?? null, 4);
    consume(A, A.users.get("free") ?? null, 6);
    expect([A.creditsLeft, A.users.get("q")?.quotaInformations.quotaLeft]).toEqual([84, 6]);
    expect(() => consume(A, A.users.get("q") ?? null, 7)).toThrow(/only 6 credits/);
  });

  it("refuses negative quotas and leaves the state untouched when any field of an update is invalid", () => {
    const { A } = twoAccounts(100, 0);
    createUser(A, { login: "u", password: "Abcd1234" });
    expect(() => setQuota(A, "u", { quotaStatus: "active", quotaLeft: -1 })).toThrow(OvhError);
    const user = A.users.get("u");
    if (!user) throw new Error("no user");
    expect(() =>
      updateUser(A, user, { quotaInformations: { quotaStatus: "active", quotaLeft: 40 }, password: "bad" }),
    ).toThrow(OvhError);
    expect([A.creditsLeft, user.quotaInformations.quotaStatus]).toEqual([100, "inactive"]);
  });
});

type Op =
  | { kind: "create"; account: 0 | 1; login: string }
  | { kind: "quota"; account: 0 | 1; login: string; amount: number }
  | { kind: "deactivate"; account: 0 | 1; login: string }
  | { kind: "delete"; account: 0 | 1; login: string }
  | { kind: "transfer"; from: 0 | 1; amount: number };

const account = fc.constantFrom<0 | 1>(0, 1);
const login = fc.constantFrom("u1", "u2", "u3");
const halves = fc.integer({ min: -20, max: 400 }).map((n) => n / 2);
/** An amount, or one relative to the most the state allows (resolved when applied): the edges get tried. */
const amount = fc.oneof(halves, fc.record({ fromLimit: fc.constantFrom(-0.5, 0, 0.5) }));
type Amount = number | { fromLimit: number };
type OpSpec =
  | Exclude<Op, { amount: number }>
  | { kind: "quota"; account: 0 | 1; login: string; amount: Amount }
  | { kind: "transfer"; from: 0 | 1; amount: Amount };
const op: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), account, login }),
  fc.record({ kind: fc.constant("quota" as const), account, login, amount }),
  fc.record({ kind: fc.constant("deactivate" as const), account, login }),
  fc.record({ kind: fc.constant("delete" as const), account, login }),
  fc.record({ kind: fc.constant("transfer" as const), from: account, amount }),
);

/** The operation with a relative amount made absolute: a quota's limit is free + held, a transfer's is free. */
function resolve(accounts: [Service, Service], o: OpSpec): Op {
  if (o.kind === "transfer") return { ...o, amount: absolute(o.amount, accounts[o.from].creditsLeft) };
  if (o.kind !== "quota") return o;
  const s = accounts[o.account];
  return { ...o, amount: absolute(o.amount, s.creditsLeft + held(s.users.get(o.login))) };
}

function absolute(amount: Amount, limit: number): number {
  return typeof amount === "number" ? amount : limit + amount.fromLimit;
}

function held(user: User | undefined): number {
  return user?.quotaInformations.quotaStatus === "active" ? user.quotaInformations.quotaLeft : 0;
}

function apply(state: State, services: [Service, Service], o: Op): void {
  if (o.kind === "transfer") {
    const target = services[o.from === 0 ? 1 : 0].serviceName;
    transferCredits(state, services[o.from], { credits: o.amount, smsAccountTarget: target });
    return;
  }
  const s = services[o.account];
  if (o.kind === "create") {
    createUser(s, { login: o.login, password: "Abcd1234" });
    return;
  }
  const user = s.users.get(o.login);
  if (!user) return;
  if (o.kind === "delete") deleteUser(s, user);
  else if (o.kind === "deactivate") updateUser(s, user, { quotaInformations: { quotaStatus: "inactive" } });
  else updateUser(s, user, { quotaInformations: { quotaStatus: "active", quotaLeft: o.amount } });
}

/** Whether the rules refuse `o` in the current state (a quota on a missing user is skipped by `apply`). */
function refusal(accounts: [Service, Service], o: Op): boolean {
  if (o.kind === "transfer") return o.amount <= 0 || o.amount > accounts[o.from].creditsLeft;
  const s = accounts[o.account];
  const user = s.users.get(o.login);
  if (o.kind === "create") return user !== undefined;
  if (o.kind !== "quota" || !user) return false;
  return o.amount < 0 || o.amount - held(user) > s.creditsLeft;
}

describe("credit conservation (property)", () => {
  it("keeps a customer's total constant and every balance non-negative", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(op, { maxLength: 60 }),
        (a, b, ops) => {
          const { state, A, B } = twoAccounts(a, b);
          const initial = total(A, B);
          for (const spec of ops) {
            const o = resolve([A, B], spec);
            const expected = refusal([A, B], o);
            let refused = false;
            try {
              apply(state, [A, B], o);
            } catch (e) {
              // A refusal is an OVH-shaped 4xx; anything else is a bug.
              if (!(e instanceof OvhError) || e.status >= 500) throw e;
              refused = true;
            }
            // Exactly the operations the rules forbid are refused: valid ones must go through.
            expect(refused).toBe(expected);
            if (o.kind === "quota" && !refused) {
              const user = (o.account === 0 ? A : B).users.get(o.login);
              if (user)
                expect(user.quotaInformations).toEqual({ quotaStatus: "active", quotaLeft: o.amount });
            }
            expect(total(A, B)).toBe(initial);
            for (const s of [A, B]) {
              expect(s.creditsLeft).toBeGreaterThanOrEqual(0);
              for (const u of s.users.values()) {
                expect(u.quotaInformations.quotaLeft).toBeGreaterThanOrEqual(0);
                if (u.quotaInformations.quotaStatus === "inactive")
                  expect(u.quotaInformations.quotaLeft).toBe(0);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
