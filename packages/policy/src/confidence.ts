import { marginFor } from "./choose.js";
import type { PolicyConfig } from "./config.js";
import { isCandidate, STATUS_UNKNOWN, tierOf } from "./path-status.js";
import type { ProviderTable } from "./provider-table.js";
import { BASIS_SOURCE, type Workspace } from "./workspace.js";

/**
 * z of "provider `a` is faster than provider `b` by more than `shift` ms" for row `s`: Welch's t
 * (the difference of their effective RTTs over its standard error) turned into the normal z of the
 * same tail probability, with Welch–Satterthwaite degrees of freedom. The spreads come from ~15
 * samples, so t has heavier tails than z: compared as a plain z, a tie under ±20 % jitter was
 * called at 0.9999 in 0.12 % of pairs instead of 0.01 % (bench/test-choice.ts). Paths reported
 * without samples have no standard error (taken as exact): any strict difference is then certain.
 */
export function zFaster(ws: Workspace, s: number, a: number, b: number, shift: number): number {
  const row = s * ws.providers;
  const diff = ws.effective[row + b]! - ws.effective[row + a]! - shift;
  const va = ws.effectiveSe[row + a]! ** 2;
  const vb = ws.effectiveSe[row + b]! ** 2;
  if (va + vb > 0) {
    const df = (va + vb) ** 2 / ((va * va) / ws.effectiveDf[row + a]! + (vb * vb) / ws.effectiveDf[row + b]!);
    return tToZ(diff / Math.sqrt(va + vb), df);
  }
  return diff > 0 ? Infinity : diff < 0 ? -Infinity : 0;
}

/**
 * Normal z with about the tail probability of Student's t with `df` degrees of freedom (Wallace
 * 1959: sqrt(df·ln(1 + t²/df))·(8df + 1)/(8df + 3)). Within 0.15 of the exact z and a little
 * below it (never bolder) for df >= 2 and t up to 48. Not Fisher's t(1 − 1/4df)/sqrt(1 + t²/2df):
 * that one levels off at (1 − 1/4df)·sqrt(2df) however large t grows, so with few samples (df < 8:
 * windows of 3 to 5) it could never reach the default confidence's z of 3.72 and a source stayed
 * on a provider 27 ms slower with both paths' samples within 1 ms of each other.
 */
export function tToZ(t: number, df: number): number {
  if (!Number.isFinite(df)) return t;
  const z = Math.sqrt(df * Math.log1p((t * t) / df)) * ((8 * df + 1) / (8 * df + 3));
  return t < 0 ? -z : z;
}

/**
 * Settled: the source's own data for every provider it may use, and no alternative that could
 * still be faster than the chosen provider by more than the margin — each one is slower than
 * (chosen − margin) at the configured confidence. Alternatives the mode would not take on
 * latency grounds (a worse tier, a higher price in cost modes) do not count. The scheduler spends
 * fewer probes on settled sources.
 */
export function isSettled(ws: Workspace, s: number, table: ProviderTable, config: PolicyConfig, zConfident: number): boolean {
  if (ws.basis[s] !== BASIS_SOURCE) return false;
  const row = s * table.count;
  const chosen = ws.chosen[s]!;
  if (chosen < 0 || !isCandidate(ws.status[row + chosen]!)) return false;
  const tier = tierOf(ws.status[row + chosen]!);
  const margin = marginFor(ws.effective[row + chosen]!, config);
  for (let q = 0; q < table.count; q++) {
    const status = ws.status[row + q]!;
    if (q === chosen || !isCandidate(status)) continue;
    if (status === STATUS_UNKNOWN) return false;
    if (tierOf(status) > tier) continue;
    if (config.mode !== "latency" && table.basePrice[q]! > table.basePrice[chosen]!) continue;
    // "q is not faster than chosen by more than the margin" = chosen is faster than q by more than −margin.
    if (!(zFaster(ws, s, chosen, q, -margin) >= zConfident)) return false;
  }
  return true;
}

/**
 * latency-within-cost, a challenger at another price: z of the tolerance fact the switch rests on.
 * To a cheaper provider: that it is within the tolerance of the fastest; to a dearer one (the
 * incumbent fell out): that the incumbent is slower than the fastest by more than the tolerance.
 * Membership of the tolerance read off noisy levels flipped answers about once per source per
 * hour under ±20 % jitter; gated like a latency switch, a source moves on sure evidence only.
 * `cost` mode switches on price alone: no latency fact to be sure of (Infinity).
 */
export function zPriced(
  ws: Workspace,
  s: number,
  challenger: number,
  incumbent: number,
  table: ProviderTable,
  config: PolicyConfig,
): number {
  if (config.mode !== "latency-within-cost") return Infinity;
  const fastest = fastestOf(ws, s, table);
  if (fastest < 0) return Infinity;
  const level = ws.effective[s * table.count + fastest]!;
  const tolerance = Math.max(config.toleranceMs, (config.tolerancePercent / 100) * level);
  if (table.basePrice[challenger]! < table.basePrice[incumbent]!)
    return challenger === fastest ? Infinity : zFaster(ws, s, challenger, fastest, -tolerance);
  return incumbent === fastest ? -Infinity : zFaster(ws, s, fastest, incumbent, tolerance);
}

/** The candidate of the best tier with the lowest effective RTT (-1: none measured). */
function fastestOf(ws: Workspace, s: number, table: ProviderTable): number {
  const row = s * table.count;
  let tier = Infinity;
  for (let p = 0; p < table.count; p++) if (isCandidate(ws.status[row + p]!)) tier = Math.min(tier, tierOf(ws.status[row + p]!));
  let best = -1;
  for (let p = 0; p < table.count; p++) {
    const st = ws.status[row + p]!;
    if (!isCandidate(st) || tierOf(st) !== tier || Number.isNaN(ws.effective[row + p]!)) continue;
    if (best < 0 || ws.effective[row + p]! < ws.effective[row + best]!) best = p;
  }
  return best;
}
