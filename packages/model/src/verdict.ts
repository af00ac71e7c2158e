import { z } from "zod";

/** How the policy ranks paths; the mode a decision was made in. */
export const policyModeSchema = z.enum(["latency", "cost", "latency-within-cost"]);
export type PolicyMode = z.infer<typeof policyModeSchema>;

/** Where the data behind a decision came from; an ECS answer's scope follows from it. */
export const decisionLevelSchema = z.enum(["source", "prefix", "default"]);
export type DecisionLevel = z.infer<typeof decisionLevelSchema>;

/** Why the decision came out as it did, for the source as a whole. */
export const decisionCauseSchema = z.enum([
  "first", // no previous decision: best choice taken at once
  "best", // the previous provider is still the best (or no challenger beats it by the margin)
  "held", // a challenger beats the previous provider, but hysteresis or hold-down keeps it
  "switched", // a challenger won N evaluations and the hold-down had passed
  "failover", // the previous provider became unusable: moved at once
  "capacity", // moved off an over-capacity provider
  "commit", // moved off a provider over its commit to a cheaper one
  "default", // no usable measurements at any level: the configured default order
  "all-down", // every provider is disabled, drained or down: a deterministic default anyway
  "refined", // the previous decision rested on a coarser basis than the data now: best choice at once
]);
export type DecisionCause = z.infer<typeof decisionCauseSchema>;

/** What one provider looked like for a source, and why it lost (or that it won). */
export const verdictKindSchema = z.enum([
  "chosen",
  "disabled",
  "drained",
  "down", // provider-wide: never chosen
  "path-down", // every probe from this provider to this source (or its prefix) was lost
  "unknown", // fewer than minSamples samples
  "lossy", // loss at or above maxLoss
  "too-slow", // RTT above rttCeilingMs
  "slower", // by: ms of effective RTT behind the chosen provider
  "pricier", // by: price per Mbps above the chosen provider's
  "outside-tolerance", // by: ms behind the fastest, past the tolerance
  "within-margin", // by: ms better than the chosen (incumbent), but not by the margin
  "unconfirmed", // by: confidence (0..1) that it is faster, below the configured confidence
  "hysteresis", // by: evaluations the challenger still needs to win
  "hold-down", // by: time the hold-down ends
  "over-capacity", // the source was moved off it (or it has no room) to respect capacity
  "over-commit", // the source was moved off it to keep it at its commit
]);
export type VerdictKind = z.infer<typeof verdictKindSchema>;

export const providerVerdictSchema = z.object({
  provider: z.string(),
  kind: verdictKindSchema,
  /** Kind-specific figure (see VerdictKind), null when the kind has none. */
  by: z.number().nullable(),
  /** Measurement at the decision's level; null when there is none. */
  rttMs: z.number().nullable(),
  loss: z.number().nullable(),
  jitterMs: z.number().nullable(),
  samples: z.number().int().min(0),
  /** RTT with loss penalty and bias, as ranked; null when not trusted. */
  effectiveMs: z.number().nullable(),
  /** Marginal price per Mbps used in ranking (0 below a commit). */
  price: z.number(),
});
export type ProviderVerdict = z.infer<typeof providerVerdictSchema>;
