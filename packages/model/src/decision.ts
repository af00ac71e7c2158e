import { z } from "zod";
import { decisionCauseSchema, decisionLevelSchema, policyModeSchema, providerVerdictSchema } from "./verdict.js";

export const decisionReasonSchema = z.object({
  mode: policyModeSchema,
  cause: decisionCauseSchema,
  /** For "failover"/"capacity"/"commit"/"switched": the provider the source left. */
  from: z.string().nullable(),
  /** One verdict per provider, the chosen one included. */
  providers: z.array(providerVerdictSchema),
});
export type DecisionReason = z.infer<typeof decisionReasonSchema>;

/** What a decision rested on, finest last: no data, the aggregate, some of the source's own, all of it. */
export const decisionBasisSchema = z.enum(["default", "prefix", "partial", "source"]);
export type DecisionBasis = z.infer<typeof decisionBasisSchema>;

/** Per-source memory between evaluations: the policy returns the next one in each decision. */
export const hysteresisStateSchema = z.object({
  provider: z.string(),
  /** When the source last moved to `provider`. */
  since: z.number(),
  /** A provider that beat `provider` by more than the margin in the last evaluation(s). */
  challenger: z.string().nullable(),
  /** Consecutive evaluations `challenger` has won. */
  challengerCount: z.number().int().min(0),
  /** The basis of the decision that wrote this state; absent in states written before bases existed. */
  basis: decisionBasisSchema.optional(),
  /** The decision had settled (read by the probe scheduler); absent in older states. */
  settled: z.boolean().optional(),
});
export type HysteresisState = z.infer<typeof hysteresisStateSchema>;

/**
 * One source's steering decision: made by @dnsteer/policy, stored by @dnsteer/storage, served
 * by the responder's decision map, explained by @dnsteer/control. A decision fresh from the
 * policy builds `reason` on first read (see the policy README).
 */
export const decisionSchema = z.object({
  /** The source as "address/prefixLength": a resolver (/32, /128) or a client subnet. */
  source: z.string(),
  provider: z.string(),
  level: decisionLevelSchema,
  /** Prefix length of the data used: the source's own, its aggregate's, or (default) the source's. */
  prefixLength: z.number().int().min(0).max(128),
  demandMbps: z.number().min(0),
  reason: decisionReasonSchema,
  /** Fed back to the policy as the source's previous state next time. */
  state: hysteresisStateSchema,
});
export type Decision = z.infer<typeof decisionSchema>;

/** A decision as the store holds it: when it was made (ms since the epoch). */
export const storedDecisionSchema = decisionSchema.extend({ decidedAt: z.number() });
export type StoredDecision = z.infer<typeof storedDecisionSchema>;

/**
 * The part of a decision the responder serves: which provider answers a source prefix. Read
 * without the reason, so a rebuild of the decision map parses no JSON.
 */
export interface DecisionRoute {
  prefix: string;
  prefixLength: number;
  provider: string;
}
