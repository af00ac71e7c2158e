import {
  CAUSE_ALL_DOWN,
  CAUSE_BEST,
  CAUSE_DEFAULT,
  CAUSE_FAILOVER,
  CAUSE_FIRST,
  CAUSE_HELD,
  CAUSE_REFINED,
  CAUSE_SWITCHED,
} from "./causes.js";
import { choose, marginFor } from "./choose.js";
import { zFaster, zPriced } from "./confidence.js";
import type { PolicyConfig } from "./config.js";
import type { HysteresisState } from "./input-types.js";
import { isCandidate } from "./path-status.js";
import { defaultProvider, type ProviderTable } from "./provider-table.js";
import { BASIS_DEFAULT, BASIS_PARTIAL, BASIS_PREFIX, BASIS_SOURCE, LEVEL_DEFAULT, type Workspace } from "./workspace.js";

const BASES = { default: BASIS_DEFAULT, prefix: BASIS_PREFIX, partial: BASIS_PARTIAL, source: BASIS_SOURCE } as const;

/** BASIS_* of a previous state; states written before bases existed count as measured. */
export function basisOf(state: HysteresisState): number {
  return state.basis === undefined ? BASIS_SOURCE : BASES[state.basis];
}

/**
 * Sets chosen, cause and challenger of row `s` from its classified row and previous state:
 * - no usable previous provider: the best choice at once (first decision, or failover);
 * - the previous decision rests on a coarser basis than the data now (a default or /24 guess, or
 *   own data that lacked a provider): the best choice at once — a guess is never defended
 *   against the source's own measurements;
 * - otherwise the incumbent stays unless a challenger beats it by more than the margin, with the
 *   configured confidence (on latency when the two cost the same; in latency-within-cost on the
 *   tolerance fact the move rests on, zPriced), for `consecutive` evaluations, and the incumbent
 *   has held for `holdDownMs`.
 */
export function decideSource(
  ws: Workspace,
  s: number,
  previous: HysteresisState | undefined,
  table: ProviderTable,
  config: PolicyConfig,
  now: number,
  zConfident: number,
): void {
  const row = s * table.count;
  const incumbent = previous === undefined ? -1 : (table.index.get(previous.provider) ?? -1);
  ws.previous[s] = incumbent;
  const kept = previous !== undefined && incumbent >= 0 && isCandidate(ws.status[row + incumbent]!);
  const sticky = kept ? choose(ws, s, table, config, incumbent, incumbentMargin(ws.effective[row + incumbent]!, config)) : -1;
  // The free choice runs last so ws.toleranceLimit holds the unbiased tolerance.
  const free = choose(ws, s, table, config, -1, 0);
  if (free < 0) {
    allDown(ws, s, table);
    return;
  }
  if (!kept || previous === undefined) {
    ws.chosen[s] = free;
    ws.cause[s] = previous !== undefined ? CAUSE_FAILOVER : ws.level[s] === LEVEL_DEFAULT ? CAUSE_DEFAULT : CAUSE_FIRST;
    return;
  }
  if (basisOf(previous) < ws.basis[s]!) {
    ws.chosen[s] = free;
    ws.cause[s] = free === incumbent ? CAUSE_BEST : CAUSE_REFINED;
    return;
  }
  ws.chosen[s] = incumbent;
  if (sticky === incumbent) {
    ws.cause[s] = CAUSE_BEST;
    return;
  }
  ws.challenger[s] = sticky;
  ws.cause[s] = CAUSE_HELD;
  const onLatency = config.mode === "latency" || table.basePrice[sticky] === table.basePrice[incumbent];
  const z = onLatency ? zFaster(ws, s, sticky, incumbent, 0) : zPriced(ws, s, sticky, incumbent, table, config);
  ws.challengerZ[s] = z;
  // Not sure yet: no count, nothing recorded in the state (it would churn with the noise).
  if (!(z >= zConfident)) return;
  const count = stillChallenging(ws, s, previous, sticky, incumbent, table, config) ? previous.challengerCount + 1 : 1;
  ws.challengerCount[s] = count;
  if (count >= config.consecutive && now - previous.since >= config.holdDownMs) {
    ws.chosen[s] = sticky;
    ws.cause[s] = CAUSE_SWITCHED;
  }
}

/** Nothing may carry the source: answer deterministically anyway, and say so. */
function allDown(ws: Workspace, s: number, table: ProviderTable): void {
  ws.chosen[s] = defaultProvider(table, () => false).provider;
  ws.cause[s] = CAUSE_ALL_DOWN;
}

/** An unknown incumbent (NaN) competes only among unknowns, where no margin applies. */
function incumbentMargin(effective: number, config: PolicyConfig): number {
  return Number.isNaN(effective) ? 0 : marginFor(effective, config);
}

/**
 * The count goes on when the recorded challenger still beats the incumbent by the margin, even
 * if another one now beats it by more: two near-equal challengers trading first place must not
 * keep resetting each other while the incumbent is clearly worse than both. A challenger that
 * stops beating the incumbent resets it.
 */
function stillChallenging(
  ws: Workspace,
  s: number,
  previous: HysteresisState,
  sticky: number,
  incumbent: number,
  table: ProviderTable,
  config: PolicyConfig,
): boolean {
  const recorded = previous.challenger === null ? undefined : table.index.get(previous.challenger);
  if (recorded === undefined || !isCandidate(ws.status[s * table.count + recorded]!)) return false;
  if (recorded === sticky) return true;
  const margin = incumbentMargin(ws.effective[s * table.count + incumbent]!, config);
  return choose(ws, s, table, config, incumbent, margin, recorded) === recorded;
}
