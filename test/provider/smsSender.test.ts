/**
 * SmsSender's provider functions called directly (no engine) against a real emulator over HTTPS.
 */
import { describe, expect, it } from "vitest";
import { createSender, getSender, listSenders, updateSender } from "../../sdk";
import * as smsSender from "../../provider/smsSender";
import { SN, useProviderEmulator } from "./helpers";

const fx = useProviderEmulator();
const { calls, newOperation, client } = fx;

const brand: smsSender.SmsSenderInputs = {
  serviceName: SN,
  sender: "ACME Shop",
  description: "newsletters",
  reason: "Our shop's name, for order notifications",
  enabled: true,
};

const news = (inputs: Record<string, unknown>) => ({ ...inputs, __provider: "shim" });

async function failures(inputs: Record<string, unknown>) {
  return (await smsSender.check({}, news(inputs))).failures;
}

describe("check", () => {
  it.each([
    [{ sender: "ACMEShopOnline" }, "sender", "sender must be 1 to 11 characters"],
    [{ sender: "0612345678" }, "sender", "sender cannot be only digits"],
    [{ sender: "+33612345" }, "sender", "sender cannot be only digits"],
    [{ sender: "ACME!" }, "sender", "sender must be 1 to 11 characters"],
    [{ sender: " ACME" }, "sender", "sender cannot start or end with a space"],
    [{ reason: "  " }, "reason", "reason is required"],
    [{ reason: "x".repeat(251) }, "reason", "reason must be at most 250 characters"],
    [{ description: "x".repeat(41) }, "description", "description must be at most 40 characters"],
    [{ enabled: "yes" }, "enabled", "enabled must be"],
    [{ status: "enable" }, "status", "status is not an input of SmsSender"],
  ])("refuses %j on property %j: %s", async (change, property, reason) => {
    const result = await failures({ ...brand, ...change });
    expect(result).toHaveLength(1);
    expect(result[0]?.property).toBe(property);
    expect(result[0]?.reason.startsWith(reason)).toBe(true);
    expect(calls()).toEqual([]);
  });

  it("refuses a missing reason before any call, and accepts a valid sender with one GET of the account", async () => {
    const { reason: _r, ...noReason } = brand;
    expect((await failures(noReason))[0]).toMatchObject({ property: "reason" });
    expect(calls()).toEqual([]);
    expect(await failures(brand)).toEqual([]);
    expect(await failures({ ...brand, sender: "ACME 2" })).toEqual([]);
    // New senders are looked up (someone else's would be refused): from the second one on, the account's
    // senders are listed once and fetched together (the live cache), so diff and create ask no more.
    expect(calls().sort()).toEqual([
      `GET /sms/${SN}`,
      `GET /sms/${SN}/senders`,
      `GET /sms/${SN}/senders/ACME%202`,
      `GET /sms/${SN}/senders/ACME%20Shop`,
    ]);
    // A sender the resource already manages is not looked up at check (diff reads it).
    fx.emulator.control.clearRequests();
    newOperation();
    expect((await smsSender.check(brand, news(brand))).failures).toEqual([]);
    expect(calls()).toEqual([`GET /sms/${SN}`]);
  });

  it("refuses at preview, with no write, a sender that exists and is not ours unless adopt is set", async () => {
    await createSender(client(), SN, { sender: "SHOP", description: "by hand", reason: "r" });
    fx.emulator.control.moderateSender(SN, "SHOP", "enable");
    newOperation();
    fx.emulator.control.clearRequests();
    // A rename from RTSHOP to SHOP: the old inputs name another sender.
    const olds = { ...brand, sender: "RTSHOP" };
    const result = await smsSender.check(olds, news({ ...brand, sender: "SHOP" }));
    expect(result.failures).toEqual([
      {
        property: "sender",
        reason:
          `sender: the sender SHOP already exists on ${SN} and this program did not ask for it. To manage ` +
          "it here, set adopt: true (its description and status become the declared ones).",
      },
    ]);
    // A new resource is refused too; adopt: true and the resource's own sender (same olds) are not.
    expect((await failures({ ...brand, sender: "SHOP" }))[0]?.property).toBe("sender");
    expect(await failures({ ...brand, sender: "SHOP", adopt: true })).toEqual([]);
    const own = { ...brand, sender: "SHOP" };
    expect((await smsSender.check(own, news(own))).failures).toEqual([]);
    expect(calls().filter((c) => !c.startsWith("GET "))).toEqual([]);
  });

  it("accepts at preview a sender an interrupted run left (waiting for moderation, same description)", async () => {
    await createSender(client(), SN, { sender: "ACME Shop", description: "newsletters", reason: "r" });
    newOperation();
    fx.emulator.control.clearRequests();
    expect(await failures(brand)).toEqual([]);
    expect(calls().sort()).toEqual([`GET /sms/${SN}`, `GET /sms/${SN}/senders/ACME%20Shop`]);
    // Another description: someone else's.
    newOperation();
    expect((await failures({ ...brand, description: "other" }))[0]?.property).toBe("sender");
  });

  it("refuses an account that does not exist, naming it", async () => {
    const result = await failures({ ...brand, serviceName: "sms-zz00000-1" });
    expect(result[0]).toMatchObject({ property: "serviceName" });
    expect(result[0]?.reason).toContain("the SMS account sms-zz00000-1 does not exist");
  });
});

describe("lifecycle", () => {
  it("creates a sender that waits for moderation, and enables it once OVH validated it", async () => {
    const { id, outs } = await smsSender.create(brand);
    expect(id).toBe(`${SN}/ACME Shop`);
    expect(calls()).toEqual([`POST /sms/${SN}/senders`, `GET /sms/${SN}/senders/ACME%20Shop`]);
    expect(outs).toMatchObject({ status: "waitingValidation", enabled: true, description: "newsletters" });

    // Waiting: `enabled` cannot apply yet, and that is not drift.
    newOperation();
    expect(await smsSender.diff(id, outs, brand)).toEqual({ changes: false });

    fx.emulator.control.moderateSender(SN, "ACME Shop", "enable");
    newOperation();
    expect(await smsSender.diff(id, outs, { ...brand, enabled: false })).toEqual({ changes: true });
    fx.emulator.control.clearRequests();
    const updated = await smsSender.update(id, outs, { ...brand, enabled: false });
    expect(calls()).toEqual([`PUT /sms/${SN}/senders/ACME%20Shop`]);
    expect(updated.outs).toMatchObject({ status: "disable", enabled: false });
    expect((await getSender(client(), SN, "ACME Shop")).status).toBe("disable");
  });

  it("shows drift made in the control panel and repairs it with one PUT", async () => {
    const { id, outs } = await smsSender.create(brand);
    fx.emulator.control.moderateSender(SN, "ACME Shop", "enable");
    await smsSender.update(id, outs, brand);
    await updateSender(client(), SN, "ACME Shop", { description: "changed by hand", status: "disable" });
    newOperation();
    fx.emulator.control.clearRequests();
    expect(await smsSender.diff(id, outs, brand)).toEqual({ changes: true });
    await smsSender.update(id, outs, brand);
    expect(calls()).toEqual([`GET /sms/${SN}/senders/ACME%20Shop`, `PUT /sms/${SN}/senders/ACME%20Shop`]);
    expect(await getSender(client(), SN, "ACME Shop")).toMatchObject({
      description: "newsletters",
      status: "enable",
    });
  });

  it("leaves the status alone when enabled is not declared", async () => {
    const { enabled: _e, ...free } = brand;
    const { id, outs } = await smsSender.create(free);
    fx.emulator.control.moderateSender(SN, "ACME Shop", "enable");
    await updateSender(client(), SN, "ACME Shop", { status: "disable" });
    newOperation();
    expect(await smsSender.diff(id, outs, free)).toEqual({ changes: false });
  });

  it("replaces on a new name or account, and recreates a sender deleted out of band", async () => {
    const { id, outs } = await smsSender.create(brand);
    expect(await smsSender.diff(id, outs, { ...brand, sender: "ACME" })).toMatchObject({
      replaces: ["sender"],
    });
    expect(await smsSender.diff(id, outs, { ...brand, serviceName: "sms-pp11111-2" })).toMatchObject({
      replaces: ["serviceName"],
    });
    await smsSender.remove(id, outs);
    newOperation();
    expect(await smsSender.diff(id, outs, brand)).toEqual({
      changes: true,
      replaces: ["sender"],
      deleteBeforeReplace: true,
    });
    expect(await smsSender.read(id, outs)).toEqual({ id: "" });
    await smsSender.remove(id, outs); // already gone: not an error
  });

  it("reads moderation progress on refresh: status and the moderator's comment", async () => {
    const { id, outs } = await smsSender.create(brand);
    fx.emulator.control.moderateSender(SN, "ACME Shop", "refused", "brand not proven");
    newOperation();
    fx.emulator.control.clearRequests();
    const { props } = await smsSender.read(id, outs);
    expect(props).toMatchObject({ status: "refused", comment: "brand not proven", reason: brand.reason });
    expect(calls()).toEqual([`GET /sms/${SN}/senders/ACME%20Shop`]);
  });

  it("resolves a POST applied but never answered by reading, without asking twice", async () => {
    fx.emulator.control.setFaults({ dropAfterApply: { method: "POST", path: "/sms/*/senders" } });
    const { outs } = await smsSender.create(brand);
    expect(outs).toMatchObject({ status: "waitingValidation" });
    expect(calls()).toEqual([`POST /sms/${SN}/senders`, `GET /sms/${SN}/senders/ACME%20Shop`]);
    expect(await listSenders(client(), SN)).toEqual(["ACME Shop"]);
  });

  it("takes over what an interrupted run left, refuses someone else's sender unless adopt is set", async () => {
    await createSender(client(), SN, { sender: "ACME Shop", description: "newsletters", reason: "r" });
    const { outs } = await smsSender.create(brand);
    expect(outs).toMatchObject({ status: "waitingValidation" });

    await createSender(client(), SN, { sender: "Other", description: "theirs", reason: "r" });
    await expect(smsSender.create({ ...brand, sender: "Other" })).rejects.toThrow(
      `SmsSender ${SN}/Other: the sender Other already exists on ${SN} and this program did not ask for it`,
    );
    const adopted = await smsSender.create({ ...brand, sender: "Other", adopt: true });
    expect(adopted.outs).toMatchObject({ description: "newsletters", adopt: true });
    expect((await getSender(client(), SN, "Other")).description).toBe("newsletters");
  });
});
