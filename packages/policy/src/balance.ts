import { CAUSE_SWITCHED } from "./causes.js";
import { isCandidate, STATUS_GOOD, tierOf } from "./path-status.js";
import type { ProviderTable } from "./provider-table.js";
import type { Workspace } from "./workspace.js";

/** Rounding slack, so a provider filled to exactly its limit by float sums counts as within it. */
const EPS = 1e-9;
/** Regret of a move whose RTT is unknown on either side: after every measured one. */
const UNKNOWN_REGRET = 1e9;

/** One balancing phase: which providers shed load, down to what, onto what. */
export interface BalanceRule {
  /** Mbps a provider may carry in this phase (also the room a target must have). */
  limit: Float64Array;
  /** Only these providers shed load (when over their limit). */
  sheds: (p: number) => boolean;
  /** Extra test on a move of source `s` from `from` to `to`. */
  accepts: (s: number, from: number, to: number) => boolean;
  /** Targets must be measured and usable (cost reasons never justify a lossy path). */
  goodOnly: boolean;
  /** Rank targets by marginal price before RTT. */
  priced: boolean;
  /** CAUSE_* recorded on moved sources. */
  cause: number;
}

/** Marginal price of `mbps` more on provider `q`: committed Mbps are already paid. */
export function marginalPrice(table: ProviderTable, load: Float64Array, q: number, mbps: number): number {
  const commit = table.commitMbps[q]!;
  if (commit <= 0) return table.basePrice[q]!;
  return load[q]! + mbps <= commit + EPS ? 0 : table.priceAboveCommit[q]!;
}

/**
 * Moves sources off each provider over its limit until it is within it, those that lose least
 * first: a source that switched onto it this round and can go back (no switch at all), then by
 * RTT regret (ms worse on the target), larger demand first on ties. A target must have room, so
 * no move ever overloads another provider; sources with no acceptable target stay.
 */
export function balance(ws: Workspace, table: ProviderTable, load: Float64Array, rule: BalanceRule): void {
  const regret = new Float64Array(ws.sources);
  for (let from = 0; from < table.count; from++) {
    if (!rule.sheds(from) || load[from]! <= rule.limit[from]! + EPS) continue;
    const onIt: number[] = [];
    for (let s = 0; s < ws.sources; s++) {
      // A source without demand relieves nothing: moving it would only churn its answer.
      if (ws.chosen[s] !== from || ws.demandMbps[s] === 0) continue;
      const to = target(ws, s, from, table, load, rule);
      regret[s] = to < 0 ? Infinity : to === ws.previous[s] && ws.cause[s] === CAUSE_SWITCHED ? -Infinity : regretOf(ws, s, from, to);
      onIt.push(s);
    }
    onIt.sort((a, b) => regret[a]! - regret[b]! || ws.demandMbps[b]! - ws.demandMbps[a]! || a - b);
    for (const s of onIt) {
      if (load[from]! <= rule.limit[from]! + EPS) break;
      const to = target(ws, s, from, table, load, rule);
      if (to < 0) continue;
      load[from] = load[from]! - ws.demandMbps[s]!;
      load[to] = load[to]! + ws.demandMbps[s]!;
      ws.chosen[s] = to;
      ws.cause[s] = rule.cause;
      if (ws.movedFrom[s]! < 0) ws.movedFrom[s] = from;
    }
  }
}

function regretOf(ws: Workspace, s: number, from: number, to: number): number {
  const delta = ws.effective[s * ws.providers + to]! - ws.effective[s * ws.providers + from]!;
  return Number.isNaN(delta) ? UNKNOWN_REGRET : delta;
}

/** Where source `s` would go from `from` now: its previous provider if it just left it, else the best with room. */
function target(ws: Workspace, s: number, from: number, table: ProviderTable, load: Float64Array, rule: BalanceRule): number {
  const row = s * table.count;
  const demand = ws.demandMbps[s]!;
  const fits = (q: number) => {
    const status = ws.status[row + q]!;
    return (
      q !== from &&
      isCandidate(status) &&
      (!rule.goodOnly || status === STATUS_GOOD) &&
      load[q]! + demand <= rule.limit[q]! + EPS &&
      rule.accepts(s, from, q)
    );
  };
  const previous = ws.previous[s]!;
  const backToPrevious = ws.cause[s] === CAUSE_SWITCHED && previous >= 0 && fits(previous);
  // Without prices, going back where it came from is the least disruptive move. With prices,
  // only when that is no dearer than the best alternative: else a source parked on an
  // expensive provider would bounce back to it forever while a cheaper one has room.
  if (backToPrevious && !rule.priced) return previous;
  let best = -1;
  let bestTier = 0;
  let bestPrice = 0;
  let bestEffective = 0;
  for (let q = 0; q < table.count; q++) {
    if (!fits(q)) continue;
    const tier = tierOf(ws.status[row + q]!);
    const price = rule.priced ? marginalPrice(table, load, q, demand) : 0;
    const effective = Number.isNaN(ws.effective[row + q]!) ? Infinity : ws.effective[row + q]!;
    const better = tier < bestTier || (tier === bestTier && (price < bestPrice || (price === bestPrice && effective < bestEffective)));
    if (best < 0 || better) {
      best = q;
      bestTier = tier;
      bestPrice = price;
      bestEffective = effective;
    }
  }
  if (backToPrevious && best >= 0) {
    const previousPrice = marginalPrice(table, load, previous, demand);
    if (tierOf(ws.status[row + previous]!) <= bestTier && previousPrice <= bestPrice + EPS) return previous;
  }
  return best;
}
