import type { HysteresisState } from "@dnsteer/model";
import type { PolicyConfig } from "./config.js";

export type { HysteresisState };

/**
 * What a provider costs. Prices are per Mbps per billing period in any one currency; only
 * comparisons matter. Committed Mbps are paid whether used or not, so below the commit the
 * marginal price of traffic is 0; above it, `priceAboveCommit`.
 */
export interface CostModel {
  pricePerMbps: number;
  /** 0 = no commit: every Mbps costs `pricePerMbps`. */
  commitMbps: number;
  /** Defaults to `pricePerMbps`. */
  priceAboveCommit?: number;
}

export interface ProviderSpec {
  name: string;
  enabled: boolean;
  /** Operator drain: answers move off at once, the provider is never chosen. */
  drained: boolean;
  /** Link known down (e.g. by the worker): treated like drained. */
  down?: boolean;
  /** Added to the effective RTT; positive makes the provider less attractive. */
  biasMs?: number;
  /** Scales the effective RTT: 10 means 10 % worse, -10 means 10 % better. */
  biasPercent?: number;
  cost: CostModel;
  /** Mbps of steered traffic the provider may carry; omitted = unlimited. */
  capacityMbps?: number;
}

/** One (source or prefix, provider) return path as the measurement worker aggregates it. */
export interface PathMeasurement {
  /** Robust RTT (windowed median or EWMA); ignored when every probe was lost. */
  rttMs: number;
  /** Lost / sent over the window, 0..1. */
  loss: number;
  jitterMs: number;
  /** Probes sent over the window, answered or lost. */
  samples: number;
  /**
   * The window's answered RTTs in ms, oldest first (e.g. path_stats' window without its losses).
   * The policy compares paths on these: their level since the last shift, their noise, and so
   * how sure a difference is. Without them `rttMs` is taken as exact (no noise known).
   */
  recentMs?: ArrayLike<number>;
  /** Time of the last sample, same clock as `PolicyInput.now`. */
  lastUpdate: number;
}

/** Measurements keyed by provider name; a missing provider was never probed. */
export type MeasurementsByProvider = Readonly<Record<string, PathMeasurement | undefined>>;

export interface SourceInput {
  /** Opaque identity, echoed in the decision (e.g. "192.0.2.0/24"). */
  key: string;
  /** The source's own prefix length (32/128 for a resolver, the ECS prefix for a subnet). */
  prefixLength: number;
  measurements?: MeasurementsByProvider;
  /** The /24 or /48 aggregate holding the source, a key into `PolicyInput.prefixMeasurements`. */
  aggregate?: { key: string; prefixLength: number };
  /** Decayed query rate (queries/s) from the flow analyzer. */
  demandRate: number;
  previous?: HysteresisState;
}

export interface PolicyInput {
  /** Evaluation time; the policy never reads a clock. */
  now: number;
  config: PolicyConfig;
  providers: readonly ProviderSpec[];
  sources: readonly SourceInput[];
  prefixMeasurements?: ReadonlyMap<string, MeasurementsByProvider>;
}
