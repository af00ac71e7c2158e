import { z } from "zod";

/**
 * Every error answer has this shape. `error` is a fixed code for programs, `message` is for
 * people, `field` names the request part that is wrong ("body.commitMbps", "query.limit",
 * "params.name"), `location` is a zone file position ("file:line" errors).
 */
export const ERROR_CODES = [
  "bad_request",
  "out_of_scope",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "zone_rejected",
  "too_many_requests",
  "not_ready",
  "postgres_unreachable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorBody = z.object({
  error: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
  location: z.object({ file: z.string(), line: z.number().int().min(0) }).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;
