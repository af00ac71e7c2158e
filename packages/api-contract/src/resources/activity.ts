import { decisionCauseSchema } from "@dnsteer/model";
import { z } from "zod";
import { epochMs, queryInt } from "../primitives.js";
import { buildProgress, buildStatus } from "./matrix.js";

/**
 * Activity over time from the store: probes sent and lost per provider (the samples table),
 * decisions per cause by when they were made, and the current share of decisions and of
 * demand per provider. `since` defaults to an hour before now; `bucketMs` to a minute.
 */
export const activityQuery = z
  .object({
    since: queryInt(0, 8.64e15).optional(),
    bucketMs: queryInt(1000, 86_400_000).default(60_000),
  })
  .strict();
export type ActivityQuery = z.infer<typeof activityQuery>;

export const activity = z.object({
  since: epochMs,
  until: epochMs,
  bucketMs: z.number().int(),
  /** One entry per bucket start and provider that had probes. */
  probes: z.array(z.object({ at: epochMs, provider: z.string(), sent: z.number().int().min(0), lost: z.number().int().min(0) })),
  /**
   * Decisions in force, counted by the bucket they were made in and their cause. The store keeps
   * a prefix's latest decision only: an earlier switch of the same prefix is not counted.
   */
  decisions: z.array(z.object({ at: epochMs, cause: decisionCauseSchema.nullable(), count: z.number().int().min(0) })),
  /**
   * Now, per provider: prefixes steered to it, their demand in queries per second (the flow
   * analyzer's rates) and in Mbps (as the decisions estimated it, the figure commits count).
   */
  shares: z.array(
    z.object({ provider: z.string(), decisions: z.number().int().min(0), demand: z.number().min(0), demandMbps: z.number().min(0) }),
  ),
  /**
   * The shares come from the latency matrix's table: status building (just after start, a big
   * store) while its first build runs, `shares` empty and `building` saying how far; the buckets
   * are read at each call and are complete either way.
   */
  status: buildStatus,
  building: buildProgress.nullable(),
});
export type Activity = z.infer<typeof activity>;
