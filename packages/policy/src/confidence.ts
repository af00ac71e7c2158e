import { marginFor } from "./choose.js";
import type { PolicyConfig } from "./config.js";
import { isCandidate, STATUS_UNKNOWN, tierOf } from "./path-status.js";
import type { ProviderTable } from "./provider-table.js";
import { BASIS_SOURCE, type Workspace } from "./workspace.js";

/**
 * z of "provider `a` is faster than provider `b` by more than `shift` ms" for row `s`: the
 * difference of their effective RTTs over its standard error. Paths reported without samples have
 * no standard error (taken as exact): any strict difference is then certain (±Infinity).
 */
export function zFaster(ws: Workspace, s: number, a: number, b: number, shift: number): number {
  const row = s * ws.providers;
  const diff = ws.effective[row + b]! - ws.effective[row + a]! - shift;
  const se = Math.hypot(ws.effectiveSe[row + a]!, ws.effectiveSe[row + b]!);
  if (se > 0) return diff / se;
  return diff > 0 ? Infinity : diff < 0 ? -Infinity : 0;
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
