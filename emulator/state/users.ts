import { z } from "zod";
import { badRequest, conflict } from "../errors";
import { EMAIL } from "./account";
import { commitQuota, quotaChange, releaseUser } from "./credits";
import { newUser, type AlertThreshold, type Service, type User } from "./model";
import { asObject, callbackUrl, dropNulls, parseBody, writablePart } from "./validate";

// sms.User rules. The control panel's validation is the only public statement of most of them; where it is
// silent (login charset) the strictest plausible rule is used and listed in COVERAGE.md.

export const LOGIN = /^[A-Za-z0-9._-]{1,40}$/;
export const PASSWORD = /^[A-Za-z0-9]{8}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PHONE = /^\+?\d+$/;
export const MAX_IP_RESTRICTIONS = 5;

export function userView(u: User): Record<string, unknown> {
  return {
    alertThresholdInformations: { ...u.alertThresholdInformations },
    callBack: u.callBack,
    ipRestrictions: [...u.ipRestrictions],
    login: u.login,
    password: u.password,
    quotaInformations: { ...u.quotaInformations },
    stopCallBack: u.stopCallBack,
  };
}

export function checkLogin(login: string): void {
  // "." and ".." would be path segments that name another resource: the user could never be read back.
  if (!LOGIN.test(login) || login === "." || login === "..") {
    throw badRequest(
      `Invalid login "${login}": 1 to 40 characters among letters, digits, ".", "_" and "-", not "." or ".."`,
    );
  }
}

export function checkPassword(password: string): void {
  if (!PASSWORD.test(password))
    throw badRequest("Invalid password: exactly 8 letters or digits are required");
}

const createBody = z.strictObject({ login: z.string(), password: z.string() });

export function createUser(s: Service, body: unknown): User {
  const { login, password } = parseBody(createBody, dropNulls(asObject(body, "users")), "users");
  checkLogin(login);
  checkPassword(password);
  if (s.users.has(login)) throw conflict(`The user ${login} already exists on ${s.serviceName}`);
  const user = newUser(login, password);
  s.users.set(login, user);
  return user;
}

const nullableString = z.string().nullable();
const updateBody = z.strictObject({
  alertThresholdInformations: z
    .strictObject({
      alertEmail: z.string().optional(),
      alertNumber: z.string().optional(),
      alertThreshold: z.number().int().optional(),
      support: z.enum(["both", "mail", "sms"]).optional(),
    })
    .optional(),
  callBack: nullableString.optional(),
  ipRestrictions: z.array(z.string()).optional(),
  password: z.string().optional(),
  quotaInformations: z
    .strictObject({
      quotaLeft: z.number().optional(),
      quotaStatus: z.enum(["active", "inactive"]).optional(),
    })
    .optional(),
  stopCallBack: nullableString.optional(),
});
const USER_WRITABLE = Object.keys(updateBody.shape);

/** PUT /sms/{sn}/users/{login}: checks every field first, so a refused update changes nothing. */
export function updateUser(s: Service, user: User, body: unknown): void {
  const raw = writablePart(asObject(body, "sms.User"), userView(user), ["login"], USER_WRITABLE, "sms.User");
  const patch = parseBody(updateBody, raw, "sms.User");
  if (patch.password !== undefined) checkPassword(patch.password);
  const alert = patch.alertThresholdInformations
    ? checkAlert({
        ...user.alertThresholdInformations,
        ...definedOnly(patch.alertThresholdInformations),
      })
    : undefined;
  if (patch.ipRestrictions !== undefined) checkIps(patch.ipRestrictions);
  const callBack = patch.callBack === undefined ? user.callBack : callbackUrl(patch.callBack, "callBack");
  const stopCallBack =
    patch.stopCallBack === undefined ? user.stopCallBack : callbackUrl(patch.stopCallBack, "stopCallBack");
  const quota = patch.quotaInformations
    ? quotaChange(s, user, definedOnly(patch.quotaInformations))
    : undefined;

  if (patch.password !== undefined) user.password = patch.password;
  if (alert) user.alertThresholdInformations = alert;
  if (patch.ipRestrictions !== undefined) user.ipRestrictions = [...patch.ipRestrictions];
  user.callBack = callBack;
  user.stopCallBack = stopCallBack;
  if (quota) commitQuota(s, user, quota);
}

/** DELETE /sms/{sn}/users/{login}: the user goes, and the credits its quota held return to the account. */
export function deleteUser(s: Service, user: User): void {
  releaseUser(s, user);
  s.users.delete(user.login);
}

/** alertThreshold -1 disables the alert; otherwise the chosen support needs its e-mail and/or number. */
function checkAlert(a: AlertThreshold): AlertThreshold {
  if (a.alertThreshold === -1) return a;
  if (a.alertThreshold < 1) {
    throw badRequest(`Invalid alertThreshold ${a.alertThreshold}: -1 (no alert) or at least 1`);
  }
  if ((a.support === "mail" || a.support === "both") && !EMAIL.test(a.alertEmail)) {
    throw badRequest(`An alert by ${a.support} needs a valid alertEmail (got "${a.alertEmail}")`);
  }
  if ((a.support === "sms" || a.support === "both") && !PHONE.test(a.alertNumber)) {
    throw badRequest(
      `An alert by ${a.support} needs an alertNumber in international format (got "${a.alertNumber}")`,
    );
  }
  return a;
}

function checkIps(ips: string[]): void {
  if (ips.length > MAX_IP_RESTRICTIONS) {
    throw badRequest(
      `Too many ipRestrictions: at most ${MAX_IP_RESTRICTIONS} IPv4 addresses (got ${ips.length})`,
    );
  }
  for (const ip of ips) {
    if (!IPV4.test(ip))
      throw badRequest(`Invalid ipRestrictions entry "${ip}": a dotted-quad IPv4 address is expected`);
  }
  if (new Set(ips).size !== ips.length)
    throw badRequest("Invalid ipRestrictions: an address is listed twice");
}

function definedOnly<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
