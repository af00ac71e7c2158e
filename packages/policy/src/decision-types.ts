import type { PolicyMode } from "./config.js";
import type { HysteresisState } from "./input-types.js";

/** Where the data behind a decision came from; an ECS answer's scope follows from it. */
export type DecisionLevel = "source" | "prefix" | "default";

/** Why the decision came out as it did, for the source as a whole. */
export type DecisionCause =
  | "first"     // no previous decision: best choice taken at once
  | "best"      // the previous provider is still the best (or no challenger beats it by the margin)
  | "held"      // a challenger beats the previous provider, but hysteresis or hold-down keeps it
  | "switched"  // a challenger won N evaluations and the hold-down had passed
  | "failover"  // the previous provider became unusable: moved at once
  | "capacity"  // moved off an over-capacity provider
  | "commit"    // moved off a provider over its commit to a cheaper one
  | "default"   // no usable measurements at any level: the configured default order
  | "all-down"; // every provider is disabled, drained or down: a deterministic default anyway

/** What one provider looked like for this source, and why it lost (or that it won). */
export type VerdictKind =
  | "chosen"
  | "disabled" | "drained" | "down" // provider-wide: never chosen
  | "path-down"         // every probe from this provider to this source (or its prefix) was lost
  | "unknown"           // fewer than minSamples samples
  | "lossy"             // loss at or above maxLoss
  | "too-slow"          // RTT above rttCeilingMs
  | "slower"            // by: ms of effective RTT behind the chosen provider
  | "pricier"           // by: price per Mbps above the chosen provider's
  | "outside-tolerance" // by: ms behind the fastest, past the tolerance
  | "within-margin"     // by: ms better than the chosen (incumbent), but not by the margin
  | "hysteresis"        // by: evaluations the challenger still needs to win
  | "hold-down"         // by: time the hold-down ends
  | "over-capacity"     // the source was moved off it (or it has no room) to respect capacity
  | "over-commit";      // the source was moved off it to keep it at its commit

export interface ProviderVerdict {
  provider: string;
  kind: VerdictKind;
  /** Kind-specific figure (see VerdictKind), null when the kind has none. */
  by: number | null;
  /** Measurement at the decision's level; null when there is none. */
  rttMs: number | null;
  loss: number | null;
  jitterMs: number | null;
  samples: number;
  /** RTT with loss penalty and bias, as ranked; null when not trusted. */
  effectiveMs: number | null;
  /** Marginal price per Mbps used in ranking (0 below a commit). */
  price: number;
}

export interface DecisionReason {
  mode: PolicyMode;
  cause: DecisionCause;
  /** For "failover"/"capacity"/"commit"/"switched": the provider the source left. */
  from: string | null;
  providers: ProviderVerdict[];
}

/** One source's decision. `reason` is built on first read from the evaluation's input: read or serialize it before mutating that input. */
export interface Decision {
  source: string;
  provider: string;
  level: DecisionLevel;
  /** Prefix length of the data used: the source's own, its aggregate's, or (default) the source's. */
  prefixLength: number;
  demandMbps: number;
  reason: DecisionReason;
  /** Feed back as `SourceInput.previous` next time. */
  state: HysteresisState;
}

export interface ProviderLoad {
  provider: string;
  mbps: number;
  sources: number;
  capacityMbps: number;
  commitMbps: number;
}

export interface PolicyResult {
  decisions: Decision[];
  providerLoad: ProviderLoad[];
}
