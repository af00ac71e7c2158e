import type { Decision, DecisionLevel, ProviderLoad } from "./decision-types.js";
import type { HysteresisState, PolicyInput, SourceInput } from "./input-types.js";
import { EvaluatedDecision } from "./lazy-decision.js";
import type { ProviderTable } from "./provider-table.js";
import { LEVEL_PREFIX, type Workspace } from "./workspace.js";

const LEVELS: readonly DecisionLevel[] = ["source", "prefix", "default"];

export function buildDecisions(ws: Workspace, input: PolicyInput, table: ProviderTable): Decision[] {
  const decisions: Decision[] = new Array(ws.sources);
  const context = { ws, table, input };
  for (let s = 0; s < ws.sources; s++) {
    const source = input.sources[s]!;
    const level = ws.level[s]!;
    const prefixLength = level === LEVEL_PREFIX ? source.aggregate!.prefixLength : source.prefixLength;
    decisions[s] = new EvaluatedDecision(
      source.key,
      table.names[ws.chosen[s]!]!,
      LEVELS[level]!,
      prefixLength,
      ws.demandMbps[s]!,
      nextState(ws, s, table, source, input.now),
      context,
      s,
    );
  }
  return decisions;
}

const BASIS_NAMES = ["default", "prefix", "partial", "source"] as const;

/**
 * Staying keeps `since` (and the count of a confirmed challenger); moving starts afresh at `now`.
 * `basis` and `settled` describe this evaluation (the scheduler reads `settled`).
 */
function nextState(ws: Workspace, s: number, table: ProviderTable, source: SourceInput, now: number): HysteresisState {
  const chosen = ws.chosen[s]!;
  const previous = source.previous;
  const basis = BASIS_NAMES[ws.basis[s]!]!;
  const settled = ws.settled[s] === 1;
  if (previous !== undefined && chosen === ws.previous[s]) {
    const counted = ws.challengerCount[s]! > 0 ? ws.challenger[s]! : -1;
    // Unchanged state: hand back the same (never mutated) object, sparing 100k allocations a round.
    if (
      counted < 0 &&
      previous.challenger === null &&
      previous.challengerCount === 0 &&
      previous.basis === basis &&
      previous.settled === settled
    )
      return previous;
    return {
      provider: previous.provider,
      since: previous.since,
      challenger: counted >= 0 ? table.names[counted]! : null,
      challengerCount: counted >= 0 ? ws.challengerCount[s]! : 0,
      basis,
      settled,
    };
  }
  return { provider: table.names[chosen]!, since: now, challenger: null, challengerCount: 0, basis, settled };
}

export function buildLoads(ws: Workspace, table: ProviderTable, load: Float64Array): ProviderLoad[] {
  const counts = new Uint32Array(table.count);
  for (let s = 0; s < ws.sources; s++) counts[ws.chosen[s]!] = counts[ws.chosen[s]!]! + 1;
  return table.names.map((provider, p) => ({
    provider,
    mbps: load[p]!,
    sources: counts[p]!,
    capacityMbps: table.capacityMbps[p]!,
    commitMbps: table.commitMbps[p]!,
  }));
}
