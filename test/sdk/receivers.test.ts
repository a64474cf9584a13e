import { describe, expect, it } from "vitest";
import {
  createDocument,
  createReceiver,
  deleteReceiver,
  getReceiver,
  getReceiverCsv,
  isNotFound,
  listReceivers,
  OvhApiError,
  updateReceiver,
  uploadDocument,
} from "../../sdk";
import { failure, seen, SN, useEmulator } from "./helpers";

const f = useEmulator();
const CSV = "number;name\n+33612345678;Ann\n+447712345678;Bob\n";

async function uploadedDocumentId(): Promise<string> {
  const doc = await createDocument(f.client, { name: "contacts.csv" });
  await uploadDocument(f.client, doc.putUrl, CSV, "text/csv");
  return doc.id;
}

describe("receiver endpoints (account level)", () => {
  it("create from a document, list, get, csv, update, delete", async () => {
    const documentId = await uploadedDocumentId();
    const created = await createReceiver(f.client, SN, {
      slotId: 1,
      description: "customers",
      autoUpdate: false,
      documentId,
    });
    expect(created).toMatchObject({ slotId: 1, description: "customers", autoUpdate: false });
    expect(await listReceivers(f.client, SN)).toEqual([1]);
    const got = await getReceiver(f.client, SN, 1);
    expect(got.records).toBe(2);
    expect(await getReceiverCsv(f.client, SN, 1)).toContain("+33612345678");
    await updateReceiver(f.client, SN, 1, { description: "renamed" });
    expect((await getReceiver(f.client, SN, 1)).description).toBe("renamed");
    await deleteReceiver(f.client, SN, 1);
    expect(await listReceivers(f.client, SN)).toEqual([]);
  });

  it("not found: unknown slot", async () => {
    const err = await failure(getReceiver(f.client, SN, 7));
    expect(isNotFound(err)).toBe(true);
    expect((err as OvhApiError).path).toBe(`/sms/${SN}/receivers/7`);
  });

  it("validation: a slot outside 1..9 is a 400", async () => {
    const documentId = await uploadedDocumentId();
    const err = await failure(
      createReceiver(f.client, SN, { slotId: 12, description: "x", autoUpdate: false, documentId }),
    );
    expect(err).toMatchObject({ status: 400, errorClass: "Client::BadRequest" });
  });
});

describe("receiver endpoints (user level)", () => {
  it("address /users/{login}/receivers when a login is given", async () => {
    const documentId = await uploadedDocumentId();
    await createReceiver(
      f.client,
      SN,
      { slotId: 2, description: "alice list", autoUpdate: false, documentId },
      "alice",
    );
    expect(await listReceivers(f.client, SN, "alice")).toEqual([2]);
    expect((await getReceiver(f.client, SN, 2, "alice")).description).toBe("alice list");
    expect(await getReceiverCsv(f.client, SN, 2, "alice")).toContain("number");
    await updateReceiver(f.client, SN, 2, { description: "alice 2" }, "alice");
    await deleteReceiver(f.client, SN, 2, "alice");
    expect(await listReceivers(f.client, SN, "alice")).toEqual([]);
    expect(seen(f.emu).filter((l) => l.includes("/users/alice/"))).toEqual([
      `POST /1.0/sms/${SN}/users/alice/receivers 200`,
      `GET /1.0/sms/${SN}/users/alice/receivers 200`,
      `GET /1.0/sms/${SN}/users/alice/receivers/2 200`,
      `GET /1.0/sms/${SN}/users/alice/receivers/2/csv 200`,
      `PUT /1.0/sms/${SN}/users/alice/receivers/2 200`,
      `DELETE /1.0/sms/${SN}/users/alice/receivers/2 200`,
      `GET /1.0/sms/${SN}/users/alice/receivers 200`,
    ]);
  });

  it("not found: unknown user", async () => {
    expect(isNotFound(await failure(listReceivers(f.client, SN, "nobody")))).toBe(true);
  });
});
