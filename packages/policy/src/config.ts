import type { PolicyMode } from "@dnsteer/model";
import { PolicyError } from "./errors.js";

export type { PolicyMode };

export interface PolicyConfig {
  mode: PolicyMode;
  /** Loss penalty: effective RTT = rtt × (1 + lossWeight × loss), before provider bias. */
  lossWeight: number;
  /** A path is usable only with loss below this (all modes; `cost` mode's "usable"). */
  maxLoss: number;
  /** A path is usable only with RTT at or under this many ms. */
  rttCeilingMs: number;
  /** Loss at or above this means the path is down: failover, no hysteresis. */
  downLoss: number;
  /** latency-within-cost: a provider qualifies within this many ms of the fastest… */
  toleranceMs: number;
  /** …or within this percentage of the fastest (whichever is wider). */
  tolerancePercent: number;
  /** Practical margin: a challenger must be better by more than this many ms… */
  marginMs: number;
  /** …and by more than this percentage of the incumbent's effective RTT. */
  marginPercent: number;
  /**
   * …and better with this confidence (one-sided): the difference of the two paths' levels over
   * its standard error must reach the normal quantile of `confidence` (README, "Switching").
   */
  confidence: number;
  /** Consecutive evaluations a challenger must win before the source switches. */
  consecutive: number;
  /** Minimum dwell: time on a provider before a switch that is not a failover or a level change. */
  holdDownMs: number;
  /** Samples a path needs before its RTT is trusted. */
  minSamples: number;
  /** Steered Mbps per query/s of decayed demand. */
  mbpsPerQueryRate: number;
  /** Order for sources without measurements; providers not named follow in input order. */
  defaultProviders: readonly string[];
}

export const DEFAULT_POLICY_CONFIG: Readonly<PolicyConfig> = Object.freeze({
  mode: "latency",
  lossWeight: 10,
  maxLoss: 0.2,
  rttCeilingMs: Infinity,
  downLoss: 1,
  toleranceMs: 10,
  tolerancePercent: 0,
  marginMs: 1,
  marginPercent: 0,
  confidence: 0.9999,
  consecutive: 1,
  holdDownMs: 30_000,
  minSamples: 5,
  mbpsPerQueryRate: 0.1,
  defaultProviders: Object.freeze([]),
});

/** DEFAULT_POLICY_CONFIG overridden by `partial`, validated. */
export function policyConfig(partial: Partial<PolicyConfig> = {}): PolicyConfig {
  const config = { ...DEFAULT_POLICY_CONFIG, ...partial };
  validateConfig(config);
  return config;
}

const NON_NEGATIVE = [
  "lossWeight",
  "rttCeilingMs",
  "toleranceMs",
  "tolerancePercent",
  "marginMs",
  "marginPercent",
  "holdDownMs",
  "minSamples",
  "mbpsPerQueryRate",
] as const;

export function validateConfig(config: PolicyConfig): void {
  if (!["latency", "cost", "latency-within-cost"].includes(config.mode)) bad(`mode ${String(config.mode)}`);
  for (const key of NON_NEGATIVE) {
    const value = config[key];
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) bad(`${key} ${value}`);
  }
  if (!(config.maxLoss > 0 && config.maxLoss <= 1)) bad(`maxLoss ${config.maxLoss} (0 < maxLoss <= 1)`);
  if (!(config.downLoss > 0 && config.downLoss <= 1)) bad(`downLoss ${config.downLoss} (0 < downLoss <= 1)`);
  if (!Number.isInteger(config.consecutive) || config.consecutive < 1) bad(`consecutive ${config.consecutive}`);
  if (!(config.confidence >= 0.5 && config.confidence < 1)) bad(`confidence ${config.confidence} (0.5 <= confidence < 1)`);
}

function bad(what: string): never {
  throw new PolicyError("BAD_CONFIG", `bad policy config: ${what}`);
}
