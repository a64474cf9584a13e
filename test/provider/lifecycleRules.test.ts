/**
 * provider/lifecycle.ts on its own, without an emulator: the boundaries and details the resource tests
 * go through without pinning (which statuses are ambiguous, the backoff between create attempts, what a
 * partial failure carries). Written against the survivors of mutation testing (TESTING.md).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { OvhApiError, OvhConnectionError } from "../../sdk";
import {
  createOnce,
  failure,
  outcomeUnknown,
  partialFailure,
  sendOnce,
  undoCreate,
  type CreateSpec,
} from "../../provider/lifecycle";

const ref = { kind: "SmsUser", id: "sms-xx11111-1/alice" };

function apiError(status: number): OvhApiError {
  return new OvhApiError({ status, ovhMessage: `status ${status}`, method: "POST", path: "/sms/x/users" });
}

function dropped(mayHaveBeenApplied: boolean): OvhConnectionError {
  return new OvhConnectionError({
    method: "POST",
    path: "/sms/x/users",
    mayHaveBeenApplied,
    timedOut: false,
    detail: "socket hang up",
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("outcomeUnknown", () => {
  it("is true from 500 on, false below, and follows mayHaveBeenApplied for dropped connections", () => {
    expect(outcomeUnknown(apiError(500))).toBe(true);
    expect(outcomeUnknown(apiError(503))).toBe(true);
    expect(outcomeUnknown(apiError(499))).toBe(false);
    expect(outcomeUnknown(apiError(429))).toBe(false);
    expect(outcomeUnknown(dropped(true))).toBe(true);
    expect(outcomeUnknown(dropped(false))).toBe(false);
    expect(outcomeUnknown(new Error("plain"))).toBe(false);
  });
});

describe("failure", () => {
  it("names the resource and the action, and keeps the original error as its cause", () => {
    const cause = apiError(400);
    const error = failure(ref, "updating the user", cause);
    expect(error.message).toBe(`SmsUser sms-xx11111-1/alice: updating the user failed: ${cause.message}`);
    expect(error.cause).toBe(cause);
  });
});

describe("createOnce", () => {
  function spec(overrides: Partial<CreateSpec<string>>): CreateSpec<string> & { sleeps: number[] } {
    const sleeps: number[] = [];
    return {
      post: () => Promise.reject(apiError(503)),
      read: () => Promise.resolve(undefined),
      isOurs: () => true,
      adopt: false,
      conflict: "taken",
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      sleeps,
      ...overrides,
    };
  }

  it("backs off 250 ms doubling up to 4 s between attempts, and not after the last one", async () => {
    const s = spec({ attempts: 7 });
    await expect(createOnce(ref, s)).rejects.toThrow(/creating it failed 7 times/);
    expect(s.sleeps).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it("does not wait at all when the first ambiguous POST is confirmed by reading", async () => {
    let posted = 0;
    const s = spec({
      post: () => {
        posted++;
        return posted === 1 ? Promise.reject(dropped(true)) : Promise.resolve();
      },
      read: () => Promise.resolve(posted === 1 ? undefined : "ours"),
    });
    await expect(createOnce(ref, s)).resolves.toEqual({ how: "created" });
    expect(s.sleeps).toEqual([250]);
  });

  it("names what it was reading when the read after an ambiguous or conflicting POST fails", async () => {
    const read = () => Promise.reject(new Error("read refused"));
    const unknown = spec({ post: () => Promise.reject(apiError(502)), read });
    await expect(createOnce(ref, unknown)).rejects.toThrow(
      "SmsUser sms-xx11111-1/alice: checking whether the create was applied failed: read refused",
    );
    const conflict = spec({ post: () => Promise.reject(apiError(409)), read });
    await expect(createOnce(ref, conflict)).rejects.toThrow(
      "SmsUser sms-xx11111-1/alice: reading the existing object failed: read refused",
    );
  });

  it("gives the last ambiguous error, not a later conflict whose object went away", async () => {
    const answers = [apiError(502), apiError(409)];
    const s = spec({ attempts: 2, post: () => Promise.reject(answers.shift()) });
    await expect(createOnce(ref, s)).rejects.toThrow(
      /\(last error: OVH API POST \/sms\/x\/users failed with 502/,
    );
  });

  it("reports a takeover only for a conflict; a confirmed create is silent", async () => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const confirmed = spec({
      post: () => Promise.reject(dropped(true)),
      read: () => Promise.resolve("ours"),
    });
    await expect(createOnce(ref, confirmed)).resolves.toEqual({ how: "confirmed", live: "ours" });
    expect(stderr).not.toHaveBeenCalled();

    const recovered = spec({
      post: () => Promise.reject(apiError(409)),
      read: () => Promise.resolve("ours"),
    });
    await expect(createOnce(ref, recovered)).resolves.toEqual({ how: "recovered", live: "ours" });
    expect(stderr).toHaveBeenCalledWith(
      "SmsUser sms-xx11111-1/alice: it already exists as this program declares it (an interrupted run made it): taken over",
    );

    // With adopt, a person may have made it: no guess about an interrupted run.
    stderr.mockClear();
    const adopted = spec({
      adopt: true,
      post: () => Promise.reject(apiError(409)),
      read: () => Promise.resolve("ours"),
    });
    await expect(createOnce(ref, adopted)).resolves.toEqual({ how: "recovered", live: "ours" });
    expect(stderr).toHaveBeenCalledWith(
      "SmsUser sms-xx11111-1/alice: it already exists as this program declares it: adopted",
    );
  });
});

describe("partial failures", () => {
  it("carry the record and the reason, by default the error's message", () => {
    const recorded = { id: "sms-xx11111-1/alice", properties: { login: "alice" } };
    const error = partialFailure(new Error("boom"), recorded);
    expect(error).toMatchObject({ id: recorded.id, properties: recorded.properties, reasons: ["boom"] });
    expect(partialFailure(new Error("long text"), recorded, "short")).toMatchObject({ reasons: ["short"] });
  });

  it("undoCreate names why the delete failed too, and records the object", async () => {
    const recorded = { id: "sms-xx11111-1/alice", properties: {} };
    const error = await undoCreate(
      ref,
      "setting its quota",
      new Error("quota refused"),
      () => Promise.reject(new Error("delete refused")),
      recorded,
    ).catch((e: unknown) => e as Error & { reasons: string[] });
    expect(error.message).toContain("Deleting it again also failed (delete refused)");
    expect(error.reasons).toEqual(["quota refused"]);
  });

  it("sendOnce keeps the unknown outcome's error as the cause, recorded or not", async () => {
    const cause = apiError(502);
    const send = () => Promise.reject(cause);
    const unrecorded = await sendOnce(ref, { send, what: "the transfer", check: "look" }).catch(
      (e: unknown) => e as Error,
    );
    expect(unrecorded?.cause).toBe(cause);
    const recorded = await sendOnce(ref, {
      send,
      what: "the transfer",
      check: "look",
      recorded: { id: "t", properties: {} },
    }).catch((e: unknown) => e as Error);
    expect(recorded?.cause).toBe(cause);
    expect(recorded).toMatchObject({ id: "t" });
  });
});
