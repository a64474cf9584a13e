import { STATUS_CODES } from "node:http";

/**
 * An error the emulator answers with. The wire body carries both the current OVH shape (`class`, `message`,
 * `details`) and the legacy one (`errorCode`, `httpCode`) because python-ovh keys on errorCode and go-ovh on class.
 */
export class OvhError extends Error {
  constructor(
    readonly status: number,
    readonly errorClass: string,
    message: string,
    readonly errorCode: string = codeFromClass(errorClass),
    readonly details?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "OvhError";
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      class: this.errorClass,
      message: this.message,
      errorCode: this.errorCode,
      httpCode: httpCode(this.status),
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

export function httpCode(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? "Unknown"}`;
}

// "Client::NotFound" → "NOT_FOUND": real codes are only known for auth errors, the rest follows this rule.
function codeFromClass(errorClass: string): string {
  const last = errorClass.split("::").pop() ?? errorClass;
  return last.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

export const badRequest = (message: string): OvhError => new OvhError(400, "Client::BadRequest", message);
export const notFound = (message: string): OvhError => new OvhError(404, "Client::NotFound", message);
export const conflict = (message: string): OvhError => new OvhError(409, "Client::Conflict", message);
export const forbidden = (message: string, errorCode?: string, details?: Record<string, string>): OvhError =>
  new OvhError(403, "Client::Forbidden", message, errorCode, details);
export const unauthorized = (message: string, errorCode?: string): OvhError =>
  new OvhError(401, "Client::Unauthorized", message, errorCode);
export const internalError = (message = "Internal server error"): OvhError =>
  new OvhError(500, "Server::InternalServerError", message);

/** The message OVH gives for any service the caller cannot see, so other accounts are never revealed. */
export const serviceNotFound = (): OvhError => notFound("This service does not exist");

/** Sub-object 404 ("The requested object (login = x) does not exist": wording recalled, not verified). */
export const objectNotFound = (key: string, value: string | number): OvhError =>
  notFound(`The requested object (${key} = ${value}) does not exist`);
