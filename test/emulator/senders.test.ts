import { describe, expect, it } from "vitest";
import { call, control, useTestEmulator } from "./helpers";

const ctx = useTestEmulator();

const SN = "/sms/sms-ab12345-1";
const message = (r: { json: unknown }): string => (r.json as { message: string }).message;

describe("senders", () => {
  it("creates a sender waiting for validation, moderated through the control API", async () => {
    const created = await call(ctx.emu, "POST", `${SN}/senders`, {
      body: { sender: "ACME Shop", description: "shop", reason: "Our brand" },
    });
    expect(created.status).toBe(200);
    expect(created.json).toBe("ACME Shop");
    expect((await call(ctx.emu, "GET", `${SN}/senders`)).json).toEqual(["ACME Shop"]);
    const path = `${SN}/senders/${encodeURIComponent("ACME Shop")}`;
    expect((await call(ctx.emu, "GET", path)).json).toEqual({
      comment: null,
      description: "shop",
      referer: "custom",
      sender: "ACME Shop",
      status: "waitingValidation",
      type: "alpha",
      validationMedia: null,
    });
    // The reason is for OVH's moderators: absent from sms.Sender, kept for whoever moderates (the control API).
    const stored = ctx.emu.control.state().services["sms-ab12345-1"] as { senders: Record<string, unknown> };
    expect(stored.senders["ACME Shop"]).toMatchObject({ reason: "Our brand" });
    const early = await call(ctx.emu, "PUT", path, { body: { status: "enable" } });
    expect(early.status).toBe(400);
    expect(message(early)).toMatch(/waitingValidation/);

    const moderated = await control(
      ctx.emu,
      "POST",
      `/sms/sms-ab12345-1/senders/${encodeURIComponent("ACME Shop")}/moderate`,
      { status: "enable", comment: "ok" },
    );
    expect(moderated.status).toBe(200);
    expect((await call(ctx.emu, "GET", path)).json).toMatchObject({ status: "enable", comment: "ok" });
    expect(
      (await call(ctx.emu, "PUT", path, { body: { status: "disable", description: "off" } })).status,
    ).toBe(200);
    expect((await call(ctx.emu, "GET", path)).json).toMatchObject({ status: "disable", description: "off" });
    expect((await call(ctx.emu, "PUT", path, { body: { type: "numeric" } })).status).toBe(400);
    expect((await call(ctx.emu, "DELETE", path)).status).toBe(200);
    expect((await call(ctx.emu, "GET", path)).status).toBe(404);
  });

  it("refuses missing reason, bad names and duplicates", async () => {
    const noReason = await call(ctx.emu, "POST", `${SN}/senders`, { body: { sender: "ACME" } });
    expect(noReason.status).toBe(400);
    expect(message(noReason)).toBe("Please provide a reason");
    for (const sender of ["", "TwelveChars1", "0612345678", "+3361234", "bad/name", "émoji"]) {
      expect((await call(ctx.emu, "POST", `${SN}/senders`, { body: { sender, reason: "r" } })).status).toBe(
        400,
      );
    }
    expect(
      (await call(ctx.emu, "POST", `${SN}/senders`, { body: { sender: "ACME", reason: "r" } })).status,
    ).toBe(200);
    const dup = await call(ctx.emu, "POST", `${SN}/senders`, { body: { sender: "ACME", reason: "r" } });
    expect(dup.status).toBe(409);
  });

  it("keeps a refused sender refused", async () => {
    await call(ctx.emu, "POST", `${SN}/senders`, { body: { sender: "NOPE", reason: "r" } });
    ctx.emu.control.moderateSender("sms-ab12345-1", "NOPE", "refused", "not allowed");
    expect((await call(ctx.emu, "PUT", `${SN}/senders/NOPE`, { body: { status: "enable" } })).status).toBe(
      400,
    );
  });
});

describe("GET /sms/ptts", () => {
  it("describes a known code, 404 for an unknown one, 400 without ptt", async () => {
    const r = await call(ctx.emu, "GET", "/sms/ptts?ptt=4");
    expect(r.json).toEqual({
      comment: "The message was delivered",
      description: "Delivered",
      duration: "permanent",
    });
    expect((await call(ctx.emu, "GET", "/sms/ptts?ptt=9999")).status).toBe(404);
    expect((await call(ctx.emu, "GET", "/sms/ptts")).status).toBe(400);
    expect((await call(ctx.emu, "GET", "/sms/ptts?ptt=4&x=1")).status).toBe(400);
  });
});
