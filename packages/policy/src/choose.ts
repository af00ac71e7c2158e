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
 * Only the best tier present competes; a tier of unknowns follows the default order. With `only`
 * set, just `favored` and `only` compete (the tolerance still measured from everyone's fastest).
 */
export function choose(
  ws: Workspace,
  s: number,
  table: ProviderTable,
  config: PolicyConfig,
  favored: number,
  margin: number,
  only = -1,
): number {
  const row = s * table.count;
  const tier = bestTier(ws.status, row, table.count);
  if (tier === NO_TIER) return -1;
  if (tier === UNKNOWN_TIER) return only >= 0 ? favored : firstUnknown(ws, row, table, favored);
  // Plain loops, no closures: this runs twice per source per evaluation.
  let limit = Infinity;
  if (config.mode === "latency-within-cost") {
    let fastest = Infinity;
    for (let p = 0; p < table.count; p++) {
      if (tierAt(ws.status, row + p) !== tier) continue;
      fastest = Math.min(fastest, ws.effective[row + p]! - (p === favored ? margin : 0));
    }
    limit = fastest + Math.max(config.toleranceMs, (config.tolerancePercent / 100) * fastest);
    if (only < 0) ws.toleranceLimit[s] = limit;
  }
  const priced = config.mode !== "latency";
  let best = -1;
  let bestPrice = Infinity;
  let bestScore = Infinity;
  for (let p = 0; p < table.count; p++) {
    if (tierAt(ws.status, row + p) !== tier || (only >= 0 && p !== only && p !== favored)) continue;
    const score = ws.effective[row + p]! - (p === favored ? margin : 0);
    if (score > limit) continue;
    const price = priced ? table.basePrice[p]! : 0;
    // Strictly better only: on a tie the earlier pick stays, and the favored one goes first.
    const better = price < bestPrice || (price === bestPrice && (score < bestScore || (score === bestScore && p === favored)));
    if (best === -1 || better) {
      best = p;
      bestPrice = price;
      bestScore = score;
    }
  }
  return best;
}

const NO_TIER = 3;
const UNKNOWN_TIER = 2;

/** tierOf for a candidate, NO_TIER for a provider that may not be chosen. */
function tierAt(status: Uint8Array, cell: number): number {
  const st = status[cell]!;
  return isCandidate(st) ? tierOf(st) : NO_TIER;
}

function bestTier(status: Uint8Array, row: number, count: number): number {
  let tier = NO_TIER;
  for (let p = 0; p < count; p++) tier = Math.min(tier, tierAt(status, row + p));
  return tier;
}

function firstUnknown(ws: Workspace, row: number, table: ProviderTable, favored: number): number {
  if (favored >= 0 && isCandidate(ws.status[row + favored]!)) return favored;
  for (const p of table.defaultOrder) if (isCandidate(ws.status[row + p]!)) return p;
  return -1;
}
