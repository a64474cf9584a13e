/**
 * Model-based test through the real engine: random sequences of program edits (add and remove users,
 * change quotas and settings) and out-of-band changes (SMS sent, settings changed in the control panel,
 * a user deleted by hand), each followed by `pulumi up`. After every `up` the live accounts must equal
 * the program, and credits must be conserved (free + held = start − what was sent).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteUser, getAccount, getUser, listUsers, updateUser } from "../../sdk";
import type { SmsUserArgs } from "../../provider";
import { defaultSeed, SERVICE_A, SERVICE_B, sms, startPulumi, type PulumiRun } from "./harness";

interface ModelUser {
  serviceName: string;
  login: string;
  password: string;
  /** Configured quota, and what the model expects to be left of it. */
  quota?: { credits: number; left: number };
  callbackUrl?: string;
  ipRestrictions: string[];
}
interface Model {
  users: Map<string, ModelUser>;
  sent: number;
}
interface Real {
  run: PulumiRun;
}

const LOGINS = ["m0", "m1", "m2", "m3", "m4"];
const START = 1000 + 500; // the harness seed's two accounts
let declared: SmsUserArgs[] = [];
let run: PulumiRun;

const program = async () => {
  for (const args of declared) new sms.SmsUser(args.login as string, args);
};

function declare(model: Model): void {
  declared = [...model.users.values()].map((u) => ({
    serviceName: u.serviceName,
    login: u.login,
    password: u.password,
    ...(u.quota ? { quota: { credits: u.quota.credits } } : {}),
    ...(u.callbackUrl ? { callbackUrl: u.callbackUrl } : {}),
    ...(u.ipRestrictions.length ? { ipRestrictions: u.ipRestrictions } : {}),
  }));
}

async function upAndCheck(model: Model, r: Real): Promise<void> {
  declare(model);
  const result = await r.run.stack.up();
  expect(result.summary.result).toBe("succeeded");
  for (const sn of [SERVICE_A, SERVICE_B]) {
    const want = [...model.users.values()].filter((u) => u.serviceName === sn).map((u) => u.login);
    expect((await listUsers(r.run.client, sn)).sort()).toEqual(want.sort());
  }
  for (const u of model.users.values()) {
    const live = await getUser(r.run.client, u.serviceName, u.login);
    expect({
      password: live.password,
      callBack: live.callBack || undefined,
      ips: [...live.ipRestrictions].sort(),
      quota: live.quotaInformations,
    }).toEqual({
      password: u.password,
      callBack: u.callbackUrl,
      ips: [...u.ipRestrictions].sort(),
      quota: u.quota
        ? { quotaStatus: "active", quotaLeft: u.quota.left }
        : { quotaStatus: "inactive", quotaLeft: 0 },
    });
  }
  let total = 0;
  for (const sn of [SERVICE_A, SERVICE_B]) {
    const a = await getAccount(r.run.client, sn);
    total += a.creditsLeft + a.creditsHoldByQuota;
  }
  expect(total).toBe(START - model.sent);
}

type Cmd = fc.AsyncCommand<Model, Real>;
const pick = (model: Model, i: number): ModelUser | undefined =>
  [...model.users.values()][i % model.users.size];

class Add implements Cmd {
  constructor(
    readonly login: string,
    readonly onB: boolean,
    readonly credits: number | null,
    readonly hooked: boolean,
  ) {}
  check = (m: Readonly<Model>) => !m.users.has(this.login);
  async run(m: Model, r: Real) {
    m.users.set(this.login, {
      serviceName: this.onB ? SERVICE_B : SERVICE_A,
      login: this.login,
      password: `Pw${this.login}0000`.slice(0, 8),
      ...(this.credits === null ? {} : { quota: { credits: this.credits, left: this.credits } }),
      ...(this.hooked ? { callbackUrl: `https://hooks.example.com/${this.login}` } : {}),
      ipRestrictions: [],
    });
    await upAndCheck(m, r);
  }
  toString = () => `add(${this.login}, ${this.onB ? "B" : "A"}, ${this.credits}, ${this.hooked})`;
}

class Remove implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    m.users.delete(pick(m, this.i)!.login);
    await upAndCheck(m, r);
  }
  toString = () => `remove(${this.i})`;
}

class SetQuota implements Cmd {
  constructor(
    readonly i: number,
    readonly credits: number | null,
  ) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    const u = pick(m, this.i)!;
    // Consumption is kept while the configured credits stay the same; a new figure refills.
    if (this.credits === null) delete u.quota;
    else if (u.quota?.credits !== this.credits) u.quota = { credits: this.credits, left: this.credits };
    await upAndCheck(m, r);
  }
  toString = () => `setQuota(${this.i}, ${this.credits})`;
}

class SetSettings implements Cmd {
  constructor(
    readonly i: number,
    readonly callback: string | null,
    readonly ips: string[],
  ) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    const u = pick(m, this.i)!;
    if (this.callback === null) delete u.callbackUrl;
    else u.callbackUrl = this.callback;
    u.ipRestrictions = this.ips;
    await upAndCheck(m, r);
  }
  toString = () => `setSettings(${this.i}, ${this.callback}, ${this.ips.join(" ")})`;
}

/** Out of band: SMS sent from a user's quota. */
class Send implements Cmd {
  constructor(
    readonly i: number,
    readonly credits: number,
  ) {}
  check = (m: Readonly<Model>) => [...m.users.values()].some((u) => u.quota && u.quota.left >= this.credits);
  async run(m: Model, r: Real) {
    const u = [...m.users.values()].filter((x) => x.quota && x.quota.left >= this.credits)[
      this.i % m.users.size
    ];
    if (!u?.quota) return;
    r.run.emulator.control.consume(u.serviceName, u.login, this.credits);
    u.quota.left -= this.credits;
    m.sent += this.credits;
    await upAndCheck(m, r);
  }
  toString = () => `send(${this.i}, ${this.credits})`;
}

/** Out of band: settings changed in the control panel (drift, repaired by up). */
class Drift implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    const u = pick(m, this.i)!;
    await updateUser(r.run.client, u.serviceName, u.login, {
      callBack: "https://evil.example.net/x",
      ipRestrictions: ["192.0.2.99"],
    });
    await upAndCheck(m, r);
  }
  toString = () => `drift(${this.i})`;
}

/** Out of band: a user deleted by hand (recreated by up, its quota held again). */
class DeleteByHand implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    const u = pick(m, this.i)!;
    await deleteUser(r.run.client, u.serviceName, u.login);
    if (u.quota) u.quota.left = u.quota.credits;
    await upAndCheck(m, r);
  }
  toString = () => `deleteByHand(${this.i})`;
}

const index = fc.nat({ max: 9 });
const commands = [
  fc
    .tuple(fc.constantFrom(...LOGINS), fc.boolean(), fc.option(fc.integer({ min: 0, max: 60 })), fc.boolean())
    .map(([login, onB, credits, hooked]) => new Add(login, onB, credits, hooked)),
  index.map((i) => new Remove(i)),
  fc.tuple(index, fc.option(fc.integer({ min: 0, max: 60 }))).map(([i, c]) => new SetQuota(i, c)),
  fc
    .tuple(
      index,
      fc.option(fc.constantFrom("https://hooks.example.com/a", "https://hooks.example.com/b")),
      fc.subarray(["203.0.113.1", "203.0.113.2", "198.51.100.3"]),
    )
    .map(([i, cb, ips]) => new SetSettings(i, cb, ips)),
  fc.tuple(index, fc.integer({ min: 1, max: 5 })).map(([i, n]) => new Send(i, n)),
  index.map((i) => new Drift(i)),
  index.map((i) => new DeleteByHand(i)),
];

beforeAll(async () => {
  run = await startPulumi({ program });
});
afterAll(() => run?.close());

describe("random program edits and out-of-band changes", () => {
  it("leave the accounts equal to the program and the credits conserved after every up", async () => {
    // Every step runs the real engine: two fixed sequences of 12 steps (seeded), no shrinking. A step that
    // does not apply to the current model (remove with no user) becomes an add, or a remove when full.
    const sequences = fc.sample(fc.array(fc.oneof(...commands), { minLength: 12, maxLength: 12 }), {
      seed: 20261202,
      numRuns: 2,
    });
    for (const steps of sequences) {
      declared = [];
      await run.stack.up();
      run.emulator.control.reset();
      run.emulator.control.seed(defaultSeed);
      const model: Model = { users: new Map(), sent: 0 };
      const done: string[] = [];
      for (const step of steps) {
        const free = LOGINS.find((l) => !model.users.has(l));
        const cmd: Cmd = step.check(model)
          ? step
          : free
            ? new Add(free, done.length % 2 === 1, 20, true)
            : new Remove(0);
        done.push(cmd.toString());
        // The sequence so far is the reproduction of a failure.
        await cmd.run(model, { run }).catch((error: Error) => {
          throw new Error(`after ${done.join(", ")}: ${error.message}`);
        });
      }
      expect(done).toHaveLength(12);
    }
  });
});
