import type { ErrorBody, ErrorCode } from "@dnsteer/api-contract";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  out_of_scope: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  zone_rejected: 422,
  too_many_requests: 429,
  not_ready: 503,
  postgres_unreachable: 503,
  internal: 500,
};

/**
 * The API package's one error class. `code` is the answer's fixed `error` string (the HTTP
 * status follows from it); `field` names the request part at fault, as the 400s of schema
 * validation do ("body.commitMbps"). Also thrown at start-up (`INSECURE_BIND`).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ErrorCode | "insecure_bind",
    message: string,
    readonly field?: string,
    readonly location?: { file: string; line: number },
  ) {
    super(message);
    this.status = code === "insecure_bind" ? 500 : STATUS[code];
  }

  body(): ErrorBody {
    const code: ErrorCode = this.code === "insecure_bind" ? "internal" : this.code;
    return {
      error: code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.location ? { location: this.location } : {}),
    };
  }
}

export const notFound = (what: string, field?: string) => new ApiError("not_found", `no ${what}`, field);
export const badField = (field: string, message: string) => new ApiError("bad_request", message, field);
