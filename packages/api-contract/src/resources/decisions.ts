import { decisionCauseSchema, decisionLevelSchema } from "@dnsteer/model";
import { z } from "zod";
import { page, pageQuery } from "../pagination.js";
import { epochMs, providerName } from "../primitives.js";

export const decisionQuery = pageQuery
  .extend({
    provider: providerName.optional(),
    level: decisionLevelSchema.optional(),
    cause: decisionCauseSchema.optional(),
  })
  .strict();
export type DecisionQuery = z.infer<typeof decisionQuery>;

export const decision = z.object({
  /** The source prefix the decision is for ("198.51.100.7/32", "203.0.113.0/24"). */
  source: z.string(),
  provider: z.string(),
  level: decisionLevelSchema.nullable(),
  cause: decisionCauseSchema.nullable(),
  /** The provider the source left (failover, capacity, commit, switched), if any. */
  from: z.string().nullable(),
  decidedAt: epochMs,
});
export type DecisionView = z.infer<typeof decision>;
export const decisionPage = page(decision);
