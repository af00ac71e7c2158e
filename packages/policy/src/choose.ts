import type { PolicyConfig } from "./config.js";
import { isCandidate, tierOf } from "./path-status.js";
import type { ProviderTable } from "./provider-table.js";
import type { Workspace } from "./workspace.js";

/**
 * Hysteresis margin in ms for an incumbent with this effective RTT: a challenger must beat
 * it by more than both the ms and the percentage margin.
 */
export function marginFor(effective: number, config: PolicyConfig): number {
  return Math.max(config.marginMs, (config.marginPercent / 100) * effective);
}

/**
 * The mode's choice for row `s`, or -1 when no provider is a candidate. `favored` (or -1) is the
 * incumbent: its effective RTT counts `margin` ms lower and it wins ties, so a challenger is
 * returned only when it beats the incumbent by more than the margin in this mode's terms.
 * Only the best tier present competes; a tier of unknowns follows the default order.
 */
export function choose(ws: Workspace, s: number, table: ProviderTable, config: PolicyConfig, favored: number, margin: number): number {
  const row = s * table.count;
  let tier = 3;
  for (let p = 0; p < table.count; p++) {
    const status = ws.status[row + p]!;
    if (isCandidate(status)) tier = Math.min(tier, tierOf(status));
  }
  if (tier === 3) return -1;
  if (tier === 2) return firstUnknown(ws, row, table, favored);
  const score = (p: number) => ws.effective[row + p]! - (p === favored ? margin : 0);
  const inTier = (p: number) => { const st = ws.status[row + p]!; return isCandidate(st) && tierOf(st) === tier; };
  let limit = Infinity;
  if (config.mode === "latency-within-cost") {
    let fastest = Infinity;
    for (let p = 0; p < table.count; p++) if (inTier(p)) fastest = Math.min(fastest, score(p));
    limit = fastest + Math.max(config.toleranceMs, (config.tolerancePercent / 100) * fastest);
    ws.toleranceLimit[s] = limit;
  }
  const priced = config.mode !== "latency";
  let best = -1;
  let bestPrice = Infinity;
  let bestScore = Infinity;
  for (let p = 0; p < table.count; p++) {
    if (!inTier(p)) continue;
    const sc = score(p);
    if (sc > limit) continue;
    const price = priced ? table.basePrice[p]! : 0;
    // Strictly better only: on a tie the earlier pick stays, and the favored one goes first.
    const better = price < bestPrice || (price === bestPrice && (sc < bestScore || (sc === bestScore && p === favored)));
    if (best === -1 || better) {
      best = p;
      bestPrice = price;
      bestScore = sc;
    }
  }
  return best;
}

function firstUnknown(ws: Workspace, row: number, table: ProviderTable, favored: number): number {
  if (favored >= 0 && isCandidate(ws.status[row + favored]!)) return favored;
  for (const p of table.defaultOrder) if (isCandidate(ws.status[row + p]!)) return p;
  return -1;
}
