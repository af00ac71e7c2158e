import {
  CAUSE_ALL_DOWN, CAUSE_BEST, CAUSE_DEFAULT, CAUSE_FAILOVER, CAUSE_FIRST, CAUSE_HELD, CAUSE_SWITCHED,
} from "./causes.js";
import { choose, marginFor } from "./choose.js";
import type { PolicyConfig } from "./config.js";
import type { HysteresisState } from "./input-types.js";
import { isCandidate } from "./path-status.js";
import { defaultProvider, type ProviderTable } from "./provider-table.js";
import { LEVEL_DEFAULT, type Workspace } from "./workspace.js";

/**
 * Sets chosen, cause and challenger count of row `s` from its classified row and previous state.
 * Failover (previous provider not a candidate) moves at once; otherwise a challenger must beat
 * the incumbent by more than the margin in `consecutive` evaluations in a row, and the incumbent
 * must have held for `holdDownMs`.
 */
export function decideSource(
  ws: Workspace, s: number, previous: HysteresisState | undefined, table: ProviderTable, config: PolicyConfig, now: number,
): void {
  const row = s * table.count;
  const incumbent = previous === undefined ? -1 : table.index.get(previous.provider) ?? -1;
  ws.previous[s] = incumbent;
  const kept = previous !== undefined && incumbent >= 0 && isCandidate(ws.status[row + incumbent]!);
  const sticky = kept ? choose(ws, s, table, config, incumbent, incumbentMargin(ws.effective[row + incumbent]!, config)) : -1;
  // The free choice runs last so ws.toleranceLimit holds the unbiased tolerance.
  const free = choose(ws, s, table, config, -1, 0);
  if (free < 0) return allDown(ws, s, table);
  if (!kept || previous === undefined) {
    ws.chosen[s] = free;
    ws.cause[s] = previous !== undefined ? CAUSE_FAILOVER : ws.level[s] === LEVEL_DEFAULT ? CAUSE_DEFAULT : CAUSE_FIRST;
    return;
  }
  ws.chosen[s] = incumbent;
  if (sticky === incumbent) {
    ws.cause[s] = CAUSE_BEST;
    return;
  }
  const count = stillChallenging(ws, s, previous, sticky, incumbent, table, config) ? previous.challengerCount + 1 : 1;
  ws.challenger[s] = sticky;
  ws.challengerCount[s] = count;
  if (count >= config.consecutive && now - previous.since >= config.holdDownMs) {
    ws.chosen[s] = sticky;
    ws.cause[s] = CAUSE_SWITCHED;
  } else {
    ws.cause[s] = CAUSE_HELD;
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
  ws: Workspace, s: number, previous: HysteresisState, sticky: number, incumbent: number, table: ProviderTable, config: PolicyConfig,
): boolean {
  const recorded = previous.challenger === null ? undefined : table.index.get(previous.challenger);
  if (recorded === undefined || !isCandidate(ws.status[s * table.count + recorded]!)) return false;
  if (recorded === sticky) return true;
  const margin = incumbentMargin(ws.effective[s * table.count + incumbent]!, config);
  return choose(ws, s, table, config, incumbent, margin, recorded) === recorded;
}
