import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  declareAccounts,
  declareAccountsFile,
  loadAccountsFile,
  parseAccountsFile,
  type AccountsFile,
} from "../../provider/accounts";

// The accounts file (accounts.yaml format) and the users declared from it, without the engine: Pulumi's
// mocks record what each SmsUser is registered with.

const twice = `
accounts:
  - serviceName: sms-ab12345-1
    users:
      - { login: alice, passwordSecret: pw1 }
      - { login: bob, passwordSecret: pw2 }
  - serviceName: sms-ab12345-2
    users:
      - { login: alice, passwordSecret: pw3 }
  - serviceName: sms-ab12345-1
    users:
      - { login: alice, passwordSecret: pw4 }
`;

describe("parseAccountsFile", () => {
  it("refuses a user declared twice (the same login on another account is another user)", () => {
    expect(() => parseAccountsFile(twice, "accounts.yaml")).toThrow(
      "accounts.yaml: user sms-ab12345-1/alice is declared twice",
    );
    const once = twice.slice(0, twice.lastIndexOf("  - serviceName: sms-ab12345-1"));
    const file = parseAccountsFile(once, "accounts.yaml");
    expect(file.accounts.map((a) => a.users.map((u) => `${a.serviceName}/${u.login}`))).toEqual([
      ["sms-ab12345-1/alice", "sms-ab12345-1/bob"],
      ["sms-ab12345-2/alice"],
    ]);
  });

  it("reads YAML ~ as 'not set' for every optional setting, and for an account's users", () => {
    const text = `
accounts:
  - serviceName: sms-ab12345-1
    users:
      - login: alice
        passwordSecret: pw
        callbackUrl: ~
        stopCallbackUrl: ~
        ipRestrictions: ~
        quota: ~
        alert: ~
        adopt: ~
  - serviceName: sms-ab12345-2
    users: ~
`;
    expect(parseAccountsFile(text, "accounts.yaml")).toEqual({
      accounts: [
        { serviceName: "sms-ab12345-1", users: [{ login: "alice", passwordSecret: "pw" }] },
        { serviceName: "sms-ab12345-2", users: [] },
      ],
    });
  });

  it("still requires the required keys when they are ~", () => {
    const text =
      "accounts:\n  - serviceName: sms-ab12345-1\n    users:\n      - { login: ~, passwordSecret: pw }\n";
    expect(() => parseAccountsFile(text, "accounts.yaml")).toThrow(
      "accounts.yaml is not a valid accounts file:\n  accounts[0].users[0].login: ",
    );
  });
});

const everyKind = `
accounts:
  - serviceName: sms-ab12345-1
    settings: { description: Shop, automaticRecreditAmount: 500, creditThresholdForAutomaticRecredit: 50 }
    users:
      - { login: alice, passwordSecret: pw1 }
    senders:
      - { sender: ACME Shop, reason: Our shop's name, description: orders, enabled: ~ }
    receiverSlots:
      - { slotId: 1, description: all, csvUrl: "https://files.example.com/all.csv", autoUpdate: true }
      - { slotId: 1, login: alice, description: vip, csv: [{ number: "+33662000000" }] }
  - serviceName: sms-ab12345-2
    users:
      - { login: bob, passwordSecret: pw2, quota: { credits: 600 } }
transfers:
  - { name: november, from: sms-ab12345-1, to: sms-ab12345-2, credits: 200, triggers: ["2026-11"] }
`;

function failureOf(text: string, fileName = "accounts.yaml"): string {
  try {
    parseAccountsFile(text, fileName);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the file was accepted");
}

describe("parseAccountsFile: settings, senders, receiver slots and transfers", () => {
  it("reads each kind, ~ meaning not set as for users", () => {
    const file = parseAccountsFile(everyKind, "accounts.yaml");
    const [first, second] = file.accounts;
    expect(first?.settings).toEqual({
      description: "Shop",
      automaticRecreditAmount: 500,
      creditThresholdForAutomaticRecredit: 50,
    });
    expect(first?.senders).toEqual([
      { sender: "ACME Shop", reason: "Our shop's name", description: "orders" },
    ]);
    expect(first?.receiverSlots?.map((s) => [s.slotId, s.login])).toEqual([
      [1, undefined],
      [1, "alice"],
    ]);
    expect(second?.senders).toBeUndefined();
    expect(file.transfers).toEqual([
      { name: "november", from: "sms-ab12345-1", to: "sms-ab12345-2", credits: 200, triggers: ["2026-11"] },
    ]);
  });

  it("applies the resources' rules, naming the file and the field path", () => {
    const text = `
accounts:
  - serviceName: sms-ab12345-1
    settings: { automaticRecreditAmount: 300, templates: { smsBody: "${"x".repeat(71)}" }, serviceName: x }
    senders:
      - { sender: "0612345678", reason: r }
      - { sender: ACME }
transfers:
  - { from: sms-ab12345-1, to: sms-ab12345-2, credits: 1.234 }
`;
    const message = failureOf(text, "conf/accounts.yaml");
    expect(message).toContain("conf/accounts.yaml is not a valid accounts file:");
    expect(message).toContain("accounts[0].settings.automaticRecreditAmount: must be one of 100, 200");
    expect(message).toContain("accounts[0].settings.templates.smsBody: must be at most 70 characters");
    expect(message).toContain('accounts[0].settings: Unrecognized key: "serviceName"');
    expect(message).toContain("accounts[0].senders[0].sender: cannot be only digits");
    expect(message).toContain("accounts[0].senders[1].reason: ");
    expect(message).toContain("transfers[0].credits: must have at most 2 decimals");
    expect(message).toContain("transfers[0].name: ");
  });

  it("applies a receiver slot's rules across fields and to its list", () => {
    const text = `
accounts:
  - serviceName: sms-ab12345-1
    receiverSlots:
      - { slotId: 10, description: a, csvUrl: "https://files.example.com/a.csv" }
      - { slotId: 2, description: b }
      - { slotId: 3, description: c, csv: "number\\n+33662000000", csvUrl: "https://files.example.com/c.csv" }
      - { slotId: 4, description: d, csv: [{ number: "0662000000" }], autoUpdate: true, defaultCountry: FR }
      - { slotId: 5, description: e, csv: "number\\n0612", defaultCountry: FR }
`;
    const lines = failureOf(text).split("\n").slice(1);
    expect(lines).toEqual(["  accounts[0].receiverSlots[0].slotId: must be from 1 to 9 (OVH has 9 slots)"]);
    // Field rules first; the rules across fields run once every field is valid.
    const fixed = text.replace("slotId: 10", "slotId: 1");
    expect(failureOf(fixed).split("\n").slice(1)).toEqual([
      "  accounts[0].receiverSlots[1]: needs a list: csvFile (a CSV file), csv (the list itself) or csvUrl (OVH downloads it)",
      "  accounts[0].receiverSlots[2].csvUrl: cannot be given with csv: the list comes from one source",
      "  accounts[0].receiverSlots[3].autoUpdate: works only with csvUrl: OVH downloads the file again before each send, an uploaded csv cannot",
      "  accounts[0].receiverSlots[4].csv: line 2, column 1 (number): 0612 is not a valid phone number in FR",
    ]);
  });

  it("refuses an object declared twice, naming both places, across entries of the same account", () => {
    const text = `
accounts:
  - serviceName: sms-ab12345-1
    settings: { description: a }
    senders: [{ sender: ACME, reason: r }, { sender: Other, reason: r }]
    receiverSlots:
      - { slotId: 1, description: a, csvUrl: "https://files.example.com/a.csv" }
      - { slotId: 1, login: alice, description: b, csvUrl: "https://files.example.com/a.csv" }
  - serviceName: sms-ab12345-2
    senders: [{ sender: ACME, reason: r }]
    receiverSlots: [{ slotId: 1, description: a, csvUrl: "https://files.example.com/a.csv" }]
  - serviceName: sms-ab12345-1
    settings: { description: b }
    senders: [{ sender: ACME, reason: r }]
    receiverSlots: [{ slotId: 1, login: alice, description: c, csvUrl: "https://files.example.com/c.csv" }]
transfers:
  - { name: monthly, from: sms-ab12345-1, to: sms-ab12345-2, credits: 1 }
  - { name: monthly, from: sms-ab12345-2, to: sms-ab12345-1, credits: 1 }
`;
    expect(failureOf(text).split("\n")).toEqual([
      "accounts.yaml: settings sms-ab12345-1/settings is declared twice: accounts[0].settings and accounts[2].settings",
      "accounts.yaml: sender sms-ab12345-1/ACME is declared twice: accounts[0].senders[0] and accounts[2].senders[0]",
      "accounts.yaml: receiver slot sms-ab12345-1/users/alice/slots/1 is declared twice: accounts[0].receiverSlots[1] and accounts[2].receiverSlots[0]",
      "accounts.yaml: transfer monthly is declared twice: transfers[0] and transfers[1]",
    ]);
  });
});

describe("parseAccountsFile: csvFile", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-test-"));
  fs.mkdirSync(path.join(folder, "lists"));
  fs.writeFileSync(path.join(folder, "lists", "customers.csv"), "number ;firstname\n0662000000 ;Jean\n");
  fs.writeFileSync(path.join(folder, "lists", "bad.csv"), "number;firstname\n0662000000;Jean\n0612;Luc\n");
  const accounts = path.join(folder, "accounts.yaml");
  const slot = (fields: string) =>
    `accounts:\n  - serviceName: sms-ab12345-1\n    receiverSlots:\n      - { slotId: 1, description: d, ${fields} }\n`;

  it("reads the list from a file relative to the accounts file, into csv", () => {
    fs.writeFileSync(accounts, slot("csvFile: lists/customers.csv, defaultCountry: FR"));
    const [entry] = loadAccountsFile(accounts).accounts[0]?.receiverSlots ?? [];
    expect(entry).toEqual({
      slotId: 1,
      description: "d",
      defaultCountry: "FR",
      csv: "number ;firstname\n0662000000 ;Jean\n",
    });
  });

  it("reports the list's problems at csvFile, and a file that cannot be read", () => {
    fs.writeFileSync(accounts, slot("csvFile: lists/bad.csv, defaultCountry: FR"));
    expect(() => loadAccountsFile(accounts)).toThrow(
      "accounts[0].receiverSlots[0].csvFile (lists/bad.csv): line 3, column 1 (number): 0612 is not a valid phone number in FR",
    );
    fs.writeFileSync(accounts, slot("csvFile: lists/missing.csv"));
    expect(() => loadAccountsFile(accounts)).toThrow(
      `accounts[0].receiverSlots[0].csvFile: cannot be read (${path.join(folder, "lists", "missing.csv")}): ENOENT`,
    );
  });

  it("refuses csvFile with another source", () => {
    fs.writeFileSync(accounts, slot('csvFile: lists/customers.csv, csv: "number\\n+33662000000"'));
    expect(() => loadAccountsFile(accounts)).toThrow(
      "accounts[0].receiverSlots[0].csvFile: cannot be given with csv: the list comes from one source",
    );
    fs.writeFileSync(
      accounts,
      slot('csvFile: lists/customers.csv, csvUrl: "https://files.example.com/a.csv"'),
    );
    expect(() => loadAccountsFile(accounts)).toThrow(
      "accounts[0].receiverSlots[0].csvFile: cannot be given with csvUrl: the list comes from one source",
    );
  });
});

// Records the name, type and inputs of each resource registered (Pulumi's mocks run no provider).
async function recordRegistrations(): Promise<
  Record<string, { type: string; inputs: Record<string, unknown> }>
> {
  const registered: Record<string, { type: string; inputs: Record<string, unknown> }> = {};
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered[args.name] = { type: args.type, inputs: args.inputs as Record<string, unknown> };
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    true,
  );
  return registered;
}

const config = {
  requireSecret: (key: string) => pulumi.secret(`${key}-value`),
} as unknown as pulumi.Config;

const registeredAll = (resources: Array<{ urn: pulumi.Output<string> }>) =>
  new Promise<void>((resolve) => pulumi.all(resources.map((r) => r.urn)).apply(() => resolve()));

describe("declareAccounts", () => {
  it("declares one SmsUser per user, leaving null settings out of its inputs", async () => {
    const registered = await recordRegistrations();
    const file: AccountsFile = {
      accounts: [
        {
          serviceName: "sms-ab12345-1",
          users: [{ login: "alice", passwordSecret: "pw", callbackUrl: null, quota: null, alert: null }],
        },
      ],
    };
    const users = declareAccounts(file, config);
    expect(Object.keys(users)).toEqual(["sms-ab12345-1/alice"]);
    await registeredAll(Object.values(users));
    const inputs = registered["sms-ab12345-1/alice"]?.inputs ?? {};
    expect(inputs).toMatchObject({ serviceName: "sms-ab12345-1", login: "alice" });
    expect(inputs.password).toMatchObject({ value: "pw-value" }); // a secret
    for (const name of ["callbackUrl", "quota", "alert", "passwordSecret"])
      expect(inputs).not.toHaveProperty(name);
  });

  it("declares every kind under stable names made of what identifies each object", async () => {
    const registered = await recordRegistrations();
    const file = parseAccountsFile(everyKind, "accounts.yaml");
    const declared = declareAccountsFile(file, config);
    expect(Object.keys(declared.settings)).toEqual(["sms-ab12345-1/settings"]);
    expect(Object.keys(declared.users)).toEqual(["sms-ab12345-1/alice", "sms-ab12345-2/bob"]);
    expect(Object.keys(declared.senders)).toEqual(["sms-ab12345-1/senders/ACME Shop"]);
    expect(Object.keys(declared.receiverSlots)).toEqual([
      "sms-ab12345-1/slots/1",
      "sms-ab12345-1/users/alice/slots/1",
    ]);
    expect(Object.keys(declared.transfers)).toEqual(["transfers/november"]);
    await registeredAll(Object.values(declared).flatMap((kind) => Object.values(kind)));
    const of = (name: string) => registered[name] ?? { type: "", inputs: {} };
    expect(of("sms-ab12345-1/settings")).toMatchObject({
      type: "pulumi-nodejs:dynamic/ovh-sms:SmsAccount",
      inputs: { serviceName: "sms-ab12345-1", description: "Shop", automaticRecreditAmount: 500 },
    });
    expect(of("sms-ab12345-1/senders/ACME Shop").inputs).toMatchObject({
      serviceName: "sms-ab12345-1",
      sender: "ACME Shop",
      reason: "Our shop's name",
    });
    expect(of("sms-ab12345-1/users/alice/slots/1").inputs).toMatchObject({
      serviceName: "sms-ab12345-1",
      login: "alice",
      slotId: 1,
      csv: [{ number: "+33662000000" }],
    });
    expect(of("sms-ab12345-1/slots/1").inputs).not.toHaveProperty("csvFile");
    expect(of("transfers/november")).toMatchObject({
      type: "pulumi-nodejs:dynamic/ovh-sms:SmsCreditTransfer",
      inputs: { from: "sms-ab12345-1", to: "sms-ab12345-2", credits: 200, triggers: ["2026-11"] },
    });
    expect(of("transfers/november").inputs).not.toHaveProperty("name");
    expect(of("transfers/november-intent").type).toBe(
      "pulumi-nodejs:dynamic/ovh-sms:SmsCreditTransferIntent",
    );
  });

  it("keeps null account settings: null clears a setting of SmsAccount (a file made in code may hold one)", async () => {
    const registered = await recordRegistrations();
    const declared = declareAccountsFile(
      { accounts: [{ serviceName: "sms-ab12345-1", users: [], settings: { callbackUrl: null } }] },
      config,
    );
    await registeredAll(Object.values(declared.settings));
    expect(registered["sms-ab12345-1/settings"]?.inputs).toHaveProperty("callbackUrl", null);
  });
});

describe("parseAccountsFile: YAML", () => {
  it("names the file when it is not YAML at all", () => {
    expect(() => parseAccountsFile("accounts:\n  - { serviceName: sms-ab12345-1\n", "conf/a.yaml")).toThrow(
      /^conf\/a\.yaml is not valid YAML: /,
    );
  });
});
