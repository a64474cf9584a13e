import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { declareAccounts, parseAccountsFile, type AccountsFile } from "../../provider/accounts";

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

describe("declareAccounts", () => {
  it("declares one SmsUser per user, leaving null settings out of its inputs", async () => {
    const registered: Record<string, Record<string, unknown>> = {};
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered[args.name] = args.inputs as Record<string, unknown>;
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "project",
      "stack",
      true,
    );
    const file: AccountsFile = {
      accounts: [
        {
          serviceName: "sms-ab12345-1",
          users: [{ login: "alice", passwordSecret: "pw", callbackUrl: null, quota: null, alert: null }],
        },
      ],
    };
    const config = {
      requireSecret: (key: string) => pulumi.secret(`${key}-value`),
    } as unknown as pulumi.Config;
    const users = declareAccounts(file, config);
    expect(Object.keys(users)).toEqual(["sms-ab12345-1/alice"]);
    await new Promise<void>((resolve) => users["sms-ab12345-1/alice"]?.id.apply(() => resolve()));
    const inputs = registered["sms-ab12345-1/alice"] ?? {};
    expect(inputs).toMatchObject({ serviceName: "sms-ab12345-1", login: "alice" });
    expect(inputs.password).toMatchObject({ value: "pw-value" }); // a secret
    for (const name of ["callbackUrl", "quota", "alert", "passwordSecret"])
      expect(inputs).not.toHaveProperty(name);
  });
});
