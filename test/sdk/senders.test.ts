import { describe, expect, it } from "vitest";
import {
  createSender,
  deleteSender,
  getSender,
  isNotFound,
  listSenders,
  OvhApiError,
  updateSender,
} from "../../sdk";
import { failure, seen, SN, useEmulator } from "./helpers";

const f = useEmulator();

describe("sender endpoints", () => {
  it("create (waiting for moderation), list, get, moderate, update, delete", async () => {
    const answer = await createSender(f.client, SN, {
      sender: "My Shop",
      description: "shop",
      reason: "our brand",
    });
    expect(answer).toBe("My Shop");
    expect((await listSenders(f.client, SN)).sort()).toEqual(["ACME", "My Shop"]);
    expect(await getSender(f.client, SN, "My Shop")).toMatchObject({
      sender: "My Shop",
      status: "waitingValidation",
      description: "shop",
    });
    f.emu.control.moderateSender(SN, "My Shop", "enable");
    await updateSender(f.client, SN, "My Shop", { description: "renamed", status: "disable" });
    expect(await getSender(f.client, SN, "My Shop")).toMatchObject({
      description: "renamed",
      status: "disable",
    });
    await deleteSender(f.client, SN, "My Shop");
    expect(await listSenders(f.client, SN)).toEqual(["ACME"]);
    expect(seen(f.emu)).toContain(`GET /1.0/sms/${SN}/senders/My%20Shop 200`);
  });

  it("not found: unknown sender", async () => {
    const err = await failure(getSender(f.client, SN, "NOPE"));
    expect(isNotFound(err)).toBe(true);
    expect(isNotFound(await failure(deleteSender(f.client, SN, "NOPE")))).toBe(true);
  });

  it("validation: a sender of more than 11 characters is a 400", async () => {
    const err = await failure(createSender(f.client, SN, { sender: "WAY-TOO-LONG-NAME", reason: "x" }));
    expect(err).toMatchObject({ status: 400, errorClass: "Client::BadRequest" });
    expect((err as OvhApiError).ovhMessage).toBe(
      'Invalid sender "WAY-TOO-LONG-NAME": 1 to 11 characters among letters, digits, spaces and - . , & + _',
    );
  });
});
