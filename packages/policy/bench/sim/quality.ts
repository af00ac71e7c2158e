/**
 * How right the decisions are against the world's truth, with the yardsticks: exactly on
 * the truly best provider where it beats the second by more than 1.5 ms, within 1 ms of the best,
 * both overall, per topology seed (to set beside the testbed's figures) and for the mixed /24.
 */
import type { World } from "./world.js";

export interface Accuracy {
  /** On the best, among sources whose best beats the second by > 1.5 ms. */
  exact: number;
  /** Chosen provider's true delay within 1 ms of the best's. */
  within1: number;
  mixedExact: number;
  mixedWithin1: number;
  perTopology: { exact: number; within1: number }[];
}

/** Best provider per source and its margin over the second, links that are down excluded. */
export function truthOf(w: World, s: number, linkDown: Uint8Array): { best: number; margin: number } {
  const P = w.providers.length;
  let best = -1;
  let second = -1;
  for (let p = 0; p < P; p++) {
    if (linkDown[p]) continue;
    const d = w.delays[s * P + p]!;
    if (best < 0 || d < w.delays[s * P + best]!) {
      second = best;
      best = p;
    } else if (second < 0 || d < w.delays[s * P + second]!) second = p;
  }
  return { best, margin: second < 0 ? Infinity : w.delays[s * P + second]! - w.delays[s * P + best]! };
}

export function accuracy(w: World, chosen: Int8Array, linkDown: Uint8Array): Accuracy {
  const P = w.providers.length;
  const T = w.topologies.length;
  const counts = new Float64Array(T * 4);
  const mixed = new Float64Array(4);
  for (let s = 0; s < w.count; s++) {
    const { best, margin } = truthOf(w, s, linkDown);
    const clear = margin > 1.5 ? 1 : 0;
    const exact = clear && chosen[s] === best ? 1 : 0;
    const within = w.delays[s * P + chosen[s]!]! - w.delays[s * P + best]! <= 1 + 1e-9 && !linkDown[chosen[s]!] ? 1 : 0;
    const t = w.topology[s]!;
    counts[t * 4] = counts[t * 4]! + clear;
    counts[t * 4 + 1] = counts[t * 4 + 1]! + exact;
    counts[t * 4 + 2] = counts[t * 4 + 2]! + 1;
    counts[t * 4 + 3] = counts[t * 4 + 3]! + within;
    if (w.mixed[s]) {
      mixed[0] = mixed[0]! + clear;
      mixed[1] = mixed[1]! + exact;
      mixed[2] = mixed[2]! + 1;
      mixed[3] = mixed[3]! + within;
    }
  }
  const sum = (k: number) => Array.from({ length: T }, (_, t) => counts[t * 4 + k]!).reduce((a, b) => a + b, 0);
  return {
    exact: sum(1) / sum(0),
    within1: sum(3) / sum(2),
    mixedExact: mixed[1]! / mixed[0]!,
    mixedWithin1: mixed[3]! / mixed[2]!,
    perTopology: Array.from({ length: T }, (_, t) => ({
      exact: counts[t * 4 + 1]! / counts[t * 4]!,
      within1: counts[t * 4 + 3]! / counts[t * 4 + 2]!,
    })),
  };
}

export const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
