import { describe, expect, it } from "vitest";
import {
  getAccount,
  isNotFound,
  listServices,
  OvhApiError,
  OvhRequestValidationError,
  updateAccount,
  type AccountUpdate,
} from "../../sdk";
import { failure, OTHER_SN, seen, SN, SN2, useEmulator } from "./helpers";

const f = useEmulator();

describe("account endpoints", () => {
  it("listServices returns the caller's service names only", async () => {
    expect((await listServices(f.client)).sort()).toEqual([SN, SN2]);
    expect(seen(f.emu)).toEqual(["GET /1.0/sms 200"]);
  });

  it("getAccount parses sms.Account", async () => {
    const account = await getAccount(f.client, SN);
    expect(account).toMatchObject({ name: SN, creditsLeft: 1000, description: "main", status: "enable" });
    expect(account.smsResponse.responseType).toBeTypeOf("string");
    expect(Object.keys(account).sort()).toEqual([
      "automaticRecreditAmount",
      "callBack",
      "channel",
      "creditThresholdForAutomaticRecredit",
      "creditsHoldByQuota",
      "creditsLeft",
      "description",
      "name",
      "smpp",
      "smsResponse",
      "status",
      "stopCallBack",
      "templates",
      "userQuantityWithQuota",
    ]);
  });

  it("getAccount on an unknown or foreign service is a 404 OvhApiError", async () => {
    for (const sn of ["sms-nope-1", OTHER_SN]) {
      const err = await failure(getAccount(f.client, sn));
      expect(isNotFound(err)).toBe(true);
      expect(err).toMatchObject({
        status: 404,
        errorClass: "Client::NotFound",
        method: "GET",
        path: `/sms/${sn}`,
      });
      expect((err as OvhApiError).queryId).toMatch(/^EU\./);
      expect(err.message).toContain(`OVH API GET /sms/${sn} failed with 404 Client::NotFound`);
    }
  });

  it("updateAccount sends only the given writable fields", async () => {
    const patch: AccountUpdate = {
      description: "Crédit marketing",
      callBack: "https://hooks.example.com/dlr",
      automaticRecreditAmount: 500,
      templates: { smsBody: "|USER| has |REMAINING| left" },
    };
    await updateAccount(f.client, SN, patch);
    const account = await getAccount(f.client, SN);
    expect(account).toMatchObject({
      description: "Crédit marketing",
      callBack: "https://hooks.example.com/dlr",
      automaticRecreditAmount: 500,
    });
    expect(account.templates.smsBody).toBe("|USER| has |REMAINING| left");
    expect(seen(f.emu)).toEqual([`PUT /1.0/sms/${SN} 200`, `GET /1.0/sms/${SN} 200`]);
  });

  it("updateAccount surfaces the emulator's 400 with class and message", async () => {
    const err = await failure(updateAccount(f.client, SN, { callBack: "ftp://example.com" }));
    expect(err).toBeInstanceOf(OvhApiError);
    expect(err).toMatchObject({ status: 400, errorClass: "Client::BadRequest", method: "PUT" });
    expect((err as OvhApiError).ovhMessage).toMatch(/callBack/);
  });

  it("refuses read-only or unknown fields before sending anything", async () => {
    const err = await failure(updateAccount(f.client, SN, { creditsLeft: 5 } as unknown as AccountUpdate));
    expect(err).toBeInstanceOf(OvhRequestValidationError);
    expect(err.message).toMatch(/creditsLeft/);
    expect(seen(f.emu)).toEqual([]);
  });
});
