import { z } from "zod";
import { page, pageQuery } from "../pagination.js";
import { cidrPrefix, epochMs, ipAddress, queryInt } from "../primitives.js";

/**
 * Sources ranked by demand. `address`: the sources whose prefix holds this address; `prefix`:
 * the sources inside this prefix (one or the other); `seenSince`: only sources seen since then.
 */
export const sourceQuery = pageQuery
  .extend({
    address: ipAddress.optional(),
    prefix: cidrPrefix.optional(),
    seenSince: queryInt(0, 8.64e15).optional(),
  })
  .strict();
export type SourceQuery = z.infer<typeof sourceQuery>;

export const source = z.object({
  /** "address/prefixLength": a resolver (/32, /128) or an ECS client subnet. */
  source: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  /** The /24 or /48 its measurements fall back to, if the analyzer gave one. */
  aggregate: z.string().nullable(),
  /** Decayed queries per second. */
  rate: z.number(),
  queries: z.number().int(),
  ecs: z.boolean(),
  firstSeen: epochMs,
  lastSeen: epochMs,
});
export type Source = z.infer<typeof source>;
export const sourcePage = page(source);
