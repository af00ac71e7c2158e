import { decisionCauseSchema, decisionLevelSchema } from "@dnsteer/model";
import { z } from "zod";
import { pageQuery } from "../pagination.js";
import { epochMs, providerName } from "../primitives.js";

/**
 * ready: the answer holds the latest table's figures. building: the server is still reading the
 * store for its first table (a big store, just after the API started): no figures yet; ask again shortly.
 * The latency matrix, provider health and activity share that table.
 */
export const buildStatus = z.enum(["ready", "building"]);
/** A table build in progress: rows done of about `expected`, started at `startedAt`. */
export const buildProgress = z.object({ done: z.number().int().min(0), expected: z.number().int().min(0), startedAt: epochMs });
export type BuildProgressView = z.infer<typeof buildProgress>;

/**
 * The latency matrix: one row per measured or decided prefix, one cell per provider.
 * `sort`: demand (highest first), regret (the chosen path's RTT over the best, largest first)
 * or margin (the best RTT's lead over the runner-up, closest calls first). `chosen`: only rows
 * steered to that provider. The server ranks every row and answers one page.
 */
export const matrixQuery = pageQuery
  .extend({
    sort: z.enum(["demand", "regret", "margin"]).default("demand"),
    chosen: providerName.optional(),
  })
  .strict();
export type MatrixQuery = z.infer<typeof matrixQuery>;

export const matrixCell = z.object({
  /** Median return-path RTT of the latest window; null: no reply in it (or not measured). */
  medianRttMs: z.number().nullable(),
  /** Loss ratio of the window; null: this path was never measured. */
  loss: z.number().min(0).max(1).nullable(),
  samples: z.number().int().min(0),
});

export const matrixRow = z.object({
  /** The prefix decisions and measurements are kept for ("203.0.113.0/24", "198.51.100.7/32"). */
  source: z.string(),
  /** Queries per second of the sources in it (the flow analyzer's decayed rate). */
  demand: z.number().min(0),
  /** The provider its decision steers it to; null: no decision (the default answers). */
  chosen: z.string().nullable(),
  level: decisionLevelSchema.nullable(),
  cause: decisionCauseSchema.nullable(),
  /** The chosen path's median RTT minus the best measured one; null when either is unknown. */
  regretMs: z.number().nullable(),
  /** The runner-up's median RTT minus the best one; null with fewer than two measured paths. */
  marginMs: z.number().nullable(),
  /** One cell per `providers` entry, in that order. */
  cells: z.array(matrixCell),
});
export type MatrixRow = z.infer<typeof matrixRow>;

export const matrixPage = z.object({
  providers: z.array(z.string()),
  items: z.array(matrixRow),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
  nextOffset: z.number().int().min(0).nullable(),
  /**
   * ready: the rows are the latest table's. building: the server is still reading the store for
   * its first table (a big store, just after the API started): no rows yet; ask again shortly.
   */
  status: buildStatus,
  /** A build in progress (the first, or a newer table while this one is answered): rows done of about `expected`. */
  building: buildProgress.nullable(),
  /** When the rows were read from the store (they are reused while the store has not changed); null: no table yet. */
  builtAt: epochMs.nullable(),
});
export type MatrixPage = z.infer<typeof matrixPage>;
