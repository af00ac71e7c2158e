import type { Decision } from "../src/index.js";

export interface Quality {
  onBest: number;
  /** On a provider whose true RTT is within 1 ms of the best: near-ties that measurement noise cannot rank. */
  withinOneMs: number;
  meanRegretMs: number;
  p99RegretMs: number;
}

/** How far each source's chosen provider is, in true RTT, from its truly fastest one. */
export function quality(decisions: readonly Decision[], names: readonly string[], truth: Float64Array): Quality {
  const providers = names.length;
  const index = new Map(names.map((n, i) => [n, i]));
  const regrets = new Float64Array(decisions.length);
  let onBest = 0;
  let withinOneMs = 0;
  let sum = 0;
  decisions.forEach((d, s) => {
    let best = Infinity;
    for (let p = 0; p < providers; p++) best = Math.min(best, truth[s * providers + p]!);
    const regret = truth[s * providers + index.get(d.provider)!]! - best;
    regrets[s] = regret;
    sum += regret;
    if (regret === 0) onBest++;
    if (regret <= 1) withinOneMs++;
  });
  regrets.sort();
  return {
    onBest: onBest / decisions.length,
    withinOneMs: withinOneMs / decisions.length,
    meanRegretMs: sum / decisions.length,
    p99RegretMs: regrets[Math.min(regrets.length - 1, Math.floor(0.99 * regrets.length))]!,
  };
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
