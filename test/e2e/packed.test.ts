/**
 * The package as users install it: `npm pack`, installed into a Pulumi project outside this repository
 * (offline, from npm's cache, so the test talks only to loopback), run by the language host. The closure
 * serializer and the shipped files differ from the repository's self-link: the stored provider is one
 * `require` of the package's public subpath, and state written by this version is refreshed and
 * destroyed by the next one (here: the installed copy changed after `up`, as an upgrade would).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount, listReceivers, listSenders, listUsers } from "../../sdk";
import { SERVICE_A, SERVICE_B, startPulumi, type PulumiRun } from "./harness";
import { packedProject } from "./packedProject";

let project: string;
let run: PulumiRun;
let specFile: string;

const fullUser = (login: string, serviceName: string) => ({
  args: {
    serviceName,
    login,
    password: `${login.slice(0, 4).padEnd(4, "x")}1234`,
    callbackUrl: `https://hooks.example.com/sms/${login}/dlr`,
    stopCallbackUrl: `https://hooks.example.com/sms/${login}/stop`,
    ipRestrictions: ["203.0.113.10", "203.0.113.11", "198.51.100.7", "198.51.100.8", "192.0.2.1"],
    quota: { credits: 100, topUp: "2026-12" },
    alert: { threshold: 10, via: "both", email: "ops@example.com", phoneNumber: "+33612345678" },
  },
});

// One of every other kind, each with the settings it has.
const otherKinds = {
  settings: {
    kind: "SmsAccount",
    args: { serviceName: SERVICE_B, description: "managed", callbackUrl: "https://hooks.example.com/dlr" },
  },
  contacts: {
    kind: "SmsReceiverSlot",
    args: {
      serviceName: SERVICE_A,
      slotId: 2,
      description: "customers",
      csv: "number ;firstname\n0662000000 ;Marie\n",
      defaultCountry: "FR",
    },
  },
  brand: {
    kind: "SmsSender",
    args: { serviceName: SERVICE_A, sender: "ACME", description: "orders", reason: "Our shop's name" },
  },
  funding: { kind: "SmsCreditTransfer", args: { from: SERVICE_A, to: SERVICE_B, credits: 50 } },
};

beforeAll(async () => {
  project = packedProject("packed-user");
  run = await startPulumi({
    workDir: project,
    projectName: "packed-user",
    programSource: fs.readFileSync(path.join(__dirname, "programs/users.js"), "utf8"),
  });
  specFile = path.join(project, "spec.json");
  await run.stack.setConfig("spec", { value: specFile });
}, 600_000);
afterAll(async () => {
  await run?.close();
  fs.rmSync(project, { recursive: true, force: true });
});

interface StateResource {
  type: string;
  inputs: { __provider: string };
  outputs: { __provider: string };
}

describe("the package installed from its tarball", () => {
  it("stores the provider of every kind as one require of the package's public subpath", async () => {
    fs.writeFileSync(
      specFile,
      JSON.stringify({
        users: { alice: fullUser("alice", SERVICE_A), bob: fullUser("bob", SERVICE_B) },
        resources: otherKinds,
      }),
    );
    const up = await run.cliResult("up", "--yes", "--non-interactive");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const state = JSON.parse(await run.cli("stack", "export")) as {
      deployment: { resources: StateResource[] };
    };
    const ours = state.deployment.resources.filter((r) => r.type.includes("/ovh-sms:"));
    expect(ours.map((r) => r.type.split(":").pop()).sort()).toEqual([
      "SmsAccount",
      "SmsCreditTransfer",
      "SmsCreditTransferIntent",
      "SmsReceiverSlot",
      "SmsSender",
      "SmsUser",
      "SmsUser",
    ]);
    for (const resource of ours) {
      const kind = resource.type.split(":").pop() as string;
      const subpath = `pulumi-ovh-sms/providers/${kind[0]?.toLowerCase()}${kind.slice(1)}`;
      expect(resource.inputs.__provider).toContain(`require("${subpath}")`);
      expect(resource.inputs.__provider.length).toBeLessThan(400);
      expect(resource.outputs.__provider).toBe(resource.inputs.__provider);
    }
  });

  it("is refreshed and destroyed by the next version of the package", async () => {
    // An upgrade: the installed files change; the state still holds what this version wrote.
    const installed = path.join(project, "node_modules/pulumi-ovh-sms/dist/provider/smsUser.js");
    const code = fs.readFileSync(installed, "utf8");
    const next = code
      .replace(/async function read\(id, props\) \{/, '$&\n    console.error("next version: read");')
      .replace(/async function remove\(id, props\) \{/, '$&\n    console.error("next version: delete");');
    expect(next).not.toBe(code);
    fs.writeFileSync(installed, next);
    const refresh = await run.cliResult("refresh", "--yes", "--non-interactive");
    expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
    expect(refresh.stdout + refresh.stderr).toContain("next version: read");
    fs.writeFileSync(specFile, JSON.stringify({ users: {} }));
    const destroy = await run.cliResult("destroy", "--yes", "--non-interactive");
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    expect(destroy.stdout + destroy.stderr).toContain("next version: delete");
    for (const serviceName of [SERVICE_A, SERVICE_B]) {
      expect(await listUsers(run.client, serviceName)).toEqual([]);
      expect(await listReceivers(run.client, serviceName)).toEqual([]);
      expect(await listSenders(run.client, serviceName)).toEqual([]);
    }
    expect(await getAccount(run.client, SERVICE_B)).toMatchObject({ description: "", callBack: null });
  });
});
