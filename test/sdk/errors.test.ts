import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  apiErrorFromResponse,
  isConflict,
  isForbidden,
  isNotFound,
  isRateLimited,
  isServerError,
  OvhApiError,
  OvhConnectionError,
  OvhResponseValidationError,
  redactSecrets,
} from "../../sdk/errors";
import { encodeJson, zodIssues } from "../../sdk/wire";

const call = { method: "GET", path: "/sms/sms-ab12345-1/users/bob", authMode: "signature" as const };

describe("apiErrorFromResponse", () => {
  it("renders method, path, status, class, OVH message and query id", () => {
    const err = apiErrorFromResponse({
      ...call,
      status: 404,
      body: JSON.stringify({
        class: "Client::NotFound",
        message: "The requested object (login = bob) does not exist",
      }),
      queryId: "EU.ext-3.63ac85b6.10528.27b4f1fc",
    });
    expect(err).toBeInstanceOf(OvhApiError);
    expect(err).toMatchObject({
      status: 404,
      errorClass: "Client::NotFound",
      queryId: "EU.ext-3.63ac85b6.10528.27b4f1fc",
    });
    expect(err.message).toBe(
      'OVH API GET /sms/sms-ab12345-1/users/bob failed with 404 Client::NotFound: "The requested object (login = bob) ' +
        'does not exist" (X-Ovh-QueryId: EU.ext-3.63ac85b6.10528.27b4f1fc). Check that the service name and object id ' +
        "exist and are visible to these credentials.",
    );
    expect(isNotFound(err)).toBe(true);
    expect(isConflict(err) || isForbidden(err) || isRateLimited(err) || isServerError(err)).toBe(false);
  });

  it("explains legacy auth errors and suggests the fix", () => {
    const notGranted = apiErrorFromResponse({
      ...call,
      method: "DELETE",
      status: 403,
      body: '{"message":"This call has not been granted","httpCode":"403 Forbidden","errorCode":"NOT_GRANTED_CALL"}',
    });
    expect(notGranted.errorCode).toBe("NOT_GRANTED_CALL");
    expect(notGranted.message).toContain(
      "The consumer key's access rules do not allow DELETE /sms/sms-ab12345-1/users/bob",
    );
    const badSig = apiErrorFromResponse({
      ...call,
      status: 400,
      body: '{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature","class":"Client::BadRequest"}',
    });
    expect(badSig.message).toContain(
      "OVH refused the request signature: check applicationSecret (Pulumi config ovh:applicationSecret / env OVH_APPLICATION_SECRET)",
    );
    const unknownCk = apiErrorFromResponse({
      ...call,
      status: 403,
      body: '{"errorCode":"NOT_CREDENTIAL","message":"This credential does not exist"}',
    });
    expect(unknownCk.message).toContain(
      "check consumerKey (Pulumi config ovh:consumerKey / env OVH_CONSUMER_KEY)",
    );
    const iam = apiErrorFromResponse({
      ...call,
      authMode: "oauth2",
      status: 403,
      body: JSON.stringify({
        class: "Client::Forbidden",
        message: "User not granted for this request",
        details: { unauthorizedActionsByIAM: "sms:apiovh:users/get" },
      }),
    });
    expect(iam.message).toContain("missing actions: sms:apiovh:users/get");
    expect(iam.details).toEqual({ unauthorizedActionsByIAM: "sms:apiovh:users/get" });
  });

  it("points at the machine clock when OVH answers QUERY_TIME_OUT", () => {
    // The body the emulator (and, as recalled, OVH) sends for a timestamp outside the window.
    const skewed = apiErrorFromResponse({
      ...call,
      status: 400,
      body: '{"class":"Client::BadRequest","message":"Query out of time","errorCode":"QUERY_TIME_OUT","httpCode":"400 Bad Request"}',
    });
    expect(skewed.message).toContain("OVH refused the request timestamp: check the machine clock");
    const legacy = apiErrorFromResponse({ ...call, status: 400, body: '{"message":"Query out of time"}' });
    expect(legacy.message).toContain("check the machine clock");
  });

  it("says a failed POST may have been applied on 5xx", () => {
    const err = apiErrorFromResponse({
      ...call,
      method: "POST",
      status: 500,
      body: '{"class":"Server::InternalServerError","message":"Internal server error"}',
      mayHaveBeenApplied: true,
      checkHint: "check GET /sms/x/users/bob before retrying",
    });
    expect(err.message).toContain("may have been applied: check GET /sms/x/users/bob before retrying.");
  });

  it("keeps a non-JSON body as message, truncated", () => {
    const err = apiErrorFromResponse({ ...call, status: 502, body: `<html>${"x".repeat(500)}</html>` });
    expect(err.ovhMessage).toHaveLength(200);
  });

  it("redacts secret values a server might echo", () => {
    const err = apiErrorFromResponse({
      ...call,
      status: 400,
      body: '{"class":"Client::BadRequest","message":"Invalid password hunter22: must be 8 characters"}',
      secrets: ["hunter22"],
    });
    expect(err.message).not.toContain("hunter22");
    expect(err.ovhMessage).toBe("Invalid password [REDACTED]: must be 8 characters");
  });

  it("redacts every occurrence of a secret, in the message, the stack and the JSON form", () => {
    const err = apiErrorFromResponse({
      ...call,
      method: "PUT",
      status: 400,
      body: JSON.stringify({
        class: "Client::BadRequest",
        message: "Invalid password hunter22 (hunter22 is not 8 letters or digits)",
        details: { password: "hunter22", again: ["hunter22"] },
      }),
      secrets: ["hunter22"],
    });
    expect(err.ovhMessage).toBe("Invalid password [REDACTED] ([REDACTED] is not 8 letters or digits)");
    expect(err.details).toEqual({ password: "[REDACTED]", again: ["[REDACTED]"] });
    for (const text of [err.message, String(err.stack), JSON.stringify(err)])
      expect(text).not.toContain("hunter22");
  });
});

describe("OvhConnectionError", () => {
  it("tells what to check when a request may have been applied", () => {
    const err = new OvhConnectionError({
      method: "POST",
      path: "/sms/a/transferCredits",
      mayHaveBeenApplied: true,
      timedOut: false,
      code: "ECONNRESET",
      detail: "the connection was lost before a complete response arrived (ECONNRESET)",
      checkHint: "compare creditsLeft from GET /sms/a before retrying",
    });
    expect(err.message).toBe(
      "OVH API POST /sms/a/transferCredits: the connection was lost before a complete response arrived (ECONNRESET). " +
        "The request was sent, so the operation may have been applied: compare creditsLeft from GET /sms/a before retrying.",
    );
  });
});

describe("validation errors", () => {
  it("list issue paths and expectations, never the values", () => {
    const schema = z.object({ login: z.string(), quota: z.object({ quotaLeft: z.number() }) });
    const bad = schema.safeParse({ login: 12345678, quota: { quotaLeft: "s3cr3t" } });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    const err = new OvhResponseValidationError({
      method: "GET",
      path: "/sms/x/users/y",
      model: "sms.User",
      issues: zodIssues(bad.error),
    });
    expect(err.message).toContain("login: Invalid input: expected string, received number");
    expect(err.message).toContain("quota.quotaLeft: Invalid input: expected number, received string");
    expect(err.message).not.toContain("s3cr3t");
    expect(err.message).not.toContain("12345678");
  });
});

describe("wire helpers", () => {
  it("escapes non-ASCII like node-ovh so the signed body is ASCII", () => {
    expect(encodeJson({ description: "Crédit €" })).toBe('{"description":"Cr\\u00e9dit \\u20ac"}');
    expect(JSON.parse(encodeJson({ d: "Crédit €" }))).toEqual({ d: "Crédit €" });
  });

  it("redacts only meaningful secrets", () => {
    expect(redactSecrets("a abc abcd", ["abc", "abcd", undefined])).toBe("a abc [REDACTED]");
  });
});
