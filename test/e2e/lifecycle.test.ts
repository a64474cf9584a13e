/**
 * The shared lifecycle under the real engine: mistakes found at preview, one declaration per object,
 * objects left behind by interrupted runs, and `up` converging in one run under injected faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, deleteUser, getAccount, getUser, listUsers, type Account } from "../../sdk";
import type { SmsUserArgs } from "../../provider";
import type { SeedDocument } from "../../emulator";
import {
  apiCalls,
  CREDENTIALS,
  failure,
  type PulumiRun,
  SERVICE_A,
  SERVICE_B,
  sms,
  startPulumi,
} from "./harness";

const TIGHT = "sms-ee33333-1";
const seed: SeedDocument = {
  customers: [
    {
      nic: "ee11111-ovh",
      services: [
        { serviceName: SERVICE_A, creditsLeft: 1000 },
        { serviceName: SERVICE_B, creditsLeft: 500 },
        { serviceName: TIGHT, creditsLeft: 100 },
      ],
      applications: [
        {
          applicationKey: CREDENTIALS.applicationKey,
          applicationSecret: CREDENTIALS.applicationSecret,
          consumerKeys: [{ consumerKey: CREDENTIALS.consumerKey }],
        },
      ],
    },
  ],
};

type Declared = SmsUserArgs & { name: string };
let declared: Declared[] = [];
let run: PulumiRun;

const program = async () => {
  for (const { name, ...args } of declared) new sms.SmsUser(name, args);
};

beforeAll(async () => {
  run = await startPulumi({ program, seed });
});
afterAll(() => run?.close());

function writes(): string[] {
  return apiCalls(run).filter((c) => !c.startsWith("GET"));
}

/** Free + held credits of every account: only consumption and purchases may change it. */
async function totalCredits(): Promise<number> {
  const accounts = await Promise.all([SERVICE_A, SERVICE_B, TIGHT].map((sn) => getAccount(run.client, sn)));
  return accounts.reduce((sum: number, a: Account) => sum + a.creditsLeft + a.creditsHoldByQuota, 0);
}

const user = (name: string, serviceName: string, extra: Partial<SmsUserArgs> = {}): Declared => ({
  name,
  serviceName,
  login: name,
  password: `${name.slice(0, 4).padEnd(4, "x")}1234`,
  ...extra,
});

describe("mistakes found at preview, before any write", () => {
  it("refuses two resources for the same user, naming both, with or without adopt", async () => {
    for (const adopt of [false, true]) {
      declared = [
        user("first", SERVICE_A, { login: "shared", adopt }),
        user("second", SERVICE_A, { login: "shared", adopt }),
      ];
      run.emulator.control.clearRequests();
      const message = await failure(run.stack.preview());
      expect(message).toContain(
        `SmsUser "second" and SmsUser "first" both declare ${SERVICE_A}/shared: one OVH object can be managed by one resource only`,
      );
      // Said once, as the program's error, not as a failure to serialize an input of the stack.
      expect(message).not.toContain("serializing");
      // (An inline Automation program reports its error twice in the same words: the SDK's doing.)
      const errors = new Set(message.match(/error: .*/g));
      expect([...errors]).toEqual([
        `error: SmsUser "second" and SmsUser "first" both declare ${SERVICE_A}/shared: one OVH object can be managed by one resource only. Remove one of them (or give it another identity).`,
      ]);
      expect(writes()).toEqual([]);
    }
  });

  it("refuses an account that does not exist, naming it", async () => {
    declared = [user("ghost", "sms-ee99999-1")];
    const message = await failure(run.stack.preview());
    expect(message).toContain(
      "property serviceName value {sms-ee99999-1} has a problem: serviceName: the SMS account sms-ee99999-1 does not exist or is not visible with these credentials",
    );
  });

  it("refuses quotas that fit one by one but not together, naming the account and the figures", async () => {
    declared = [
      user("big1", TIGHT, { quota: { credits: 60 } }),
      user("big2", TIGHT, { quota: { credits: 60 } }),
    ];
    run.emulator.control.clearRequests();
    const message = await failure(run.stack.preview());
    expect(message).toContain(
      `quota.credits: the quotas this plan sets on ${TIGHT} take at least 120 credits from the account (big1 60, big2 60, counting the resources checked so far) but only 100 are free`,
    );
    // (`pulumi up` previews first, so it stops here too. Automation API's up skips that preview: its
    // checks then run while creates start, and big2 would fail its own create instead.)
    expect(writes()).toEqual([]);
    expect(await listUsers(run.client, TIGHT)).toEqual([]);
  });
});

describe("replacing and recovering", () => {
  it("renames a user whose quota needs the account's last credits by deleting it first", async () => {
    declared = [user("tight", TIGHT, { login: "before", quota: { credits: 80 } })];
    await run.stack.up();
    const before = await totalCredits();
    declared = [user("tight", TIGHT, { login: "after", quota: { credits: 80 } })];
    const result = await run.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await listUsers(run.client, TIGHT)).toEqual(["after"]);
    expect((await getAccount(run.client, TIGHT)).creditsHoldByQuota).toBe(80);
    expect(await totalCredits()).toBe(before);
  });

  it("takes over a user an interrupted run made, and refuses one it did not make", async () => {
    // What a killed `up` leaves: the user exists on OVH with the declared password, not in the state.
    const orphan = user("orphan", SERVICE_B, { quota: { credits: 30 } });
    await createUser(run.client, SERVICE_B, { login: "orphan", password: orphan.password as string });
    await createUser(run.client, SERVICE_B, { login: "stranger", password: "Other999" });
    declared = [user("tight", TIGHT, { login: "after", quota: { credits: 80 } }), orphan];
    let shown = "";
    await run.stack.up({ onOutput: (text) => (shown += text) });
    expect(shown).toContain(`SmsUser ${SERVICE_B}/orphan: it already exists as this program declares it`);
    expect((await getUser(run.client, SERVICE_B, "orphan")).quotaInformations.quotaLeft).toBe(30);

    declared = [...declared, user("stranger", SERVICE_B)];
    const message = await failure(run.stack.up());
    expect(message).toContain(
      `login: a user with this login already exists on ${SERVICE_B} with another password, so this program did not make it. To manage it here, set adopt: true`,
    );
    expect((await getUser(run.client, SERVICE_B, "stranger")).password).toBe("Other999");
    declared = declared.filter((d) => d.name !== "stranger");
    await deleteUser(run.client, SERVICE_B, "stranger");
  });
});

describe("faults", () => {
  it("converges in one up under 5xx, 429, latency and dropped answers, with nothing lost or doubled", async () => {
    declared = [];
    await run.stack.up();
    const before = await totalCredits();
    declared = Array.from({ length: 30 }, (_, i) =>
      user(`u${String(i).padStart(2, "0")}`, i % 2 ? SERVICE_B : SERVICE_A, {
        quota: { credits: 5 + i },
        callbackUrl: `https://hooks.example.com/dlr/${i}`,
        ipRestrictions: [`203.0.113.${i + 1}`],
      }),
    );
    run.emulator.control.setFaults({
      latencyMs: { min: 5, max: 60 },
      errorRate: 0.05,
      rateLimitRate: 0.05,
      retryAfterSeconds: 0,
      // The first three creates are applied and their answers lost (which ones is up to the engine).
      dropAfterApply: { method: "POST", path: "/sms/*/users", count: 3 },
      randomSeed: 20261202,
    });
    run.emulator.control.clearRequests();
    const result = await run.stack.up();
    const log = run.emulator.control.requests();
    run.emulator.control.clearFaults();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges).toMatchObject({ create: 30 });
    // The faults really happened.
    expect(log.filter((r) => r.status >= 500).length).toBeGreaterThan(0);
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(log.filter((r) => r.dropped && r.method === "POST").length).toBe(3);
    // Live state = program: every user once, with its settings; nothing else; credits conserved.
    const logins = [...(await listUsers(run.client, SERVICE_A)), ...(await listUsers(run.client, SERVICE_B))];
    expect(logins.sort()).toEqual(declared.map((d) => d.login).sort());
    for (const d of declared) {
      const live = await getUser(run.client, d.serviceName as string, d.login as string);
      expect([live.password, live.quotaInformations.quotaLeft, live.callBack]).toEqual([
        d.password,
        (d.quota as { credits: number }).credits,
        d.callbackUrl,
      ]);
    }
    expect(await totalCredits()).toBe(before);
    const again = await run.stack.preview();
    expect(again.changeSummary).toEqual({ same: 31 });
  });

  it("destroys everything it made", async () => {
    const before = await totalCredits();
    await run.stack.destroy();
    for (const sn of [SERVICE_A, SERVICE_B, TIGHT]) expect(await listUsers(run.client, sn)).toEqual([]);
    expect(await totalCredits()).toBe(before);
  });
});
