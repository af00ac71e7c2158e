import { CAUSES } from "./causes.js";
import type { Decision, DecisionLevel, ProviderLoad } from "./decision-types.js";
import type { HysteresisState, PolicyInput, SourceInput } from "./input-types.js";
import type { ProviderTable } from "./provider-table.js";
import { LazyReason } from "./lazy-reason.js";
import { LEVEL_PREFIX, LEVEL_SOURCE, type Workspace } from "./workspace.js";

const LEVELS: readonly DecisionLevel[] = ["source", "prefix", "default"];

export function buildDecisions(ws: Workspace, input: PolicyInput, table: ProviderTable): Decision[] {
  const decisions: Decision[] = new Array(ws.sources);
  for (let s = 0; s < ws.sources; s++) {
    const source = input.sources[s]!;
    const level = ws.level[s]!;
    const aggregate = source.aggregate === undefined ? undefined : input.prefixMeasurements?.get(source.aggregate.key);
    const shown = level === LEVEL_SOURCE ? source.measurements : level === LEVEL_PREFIX ? aggregate : source.measurements ?? aggregate;
    const movedFrom = ws.movedFrom[s]!;
    const left = ws.chosen[s] !== ws.previous[s] && ws.previous[s]! >= 0 ? ws.previous[s]! : movedFrom;
    decisions[s] = {
      source: source.key,
      provider: table.names[ws.chosen[s]!]!,
      level: LEVELS[level]!,
      prefixLength: level === LEVEL_PREFIX ? source.aggregate!.prefixLength : source.prefixLength,
      demandMbps: ws.demandMbps[s]!,
      reason: new LazyReason(
        input.config.mode, CAUSES[ws.cause[s]!]!, left >= 0 ? table.names[left]! : null,
        { ws, s, table, config: input.config }, shown, source.previous,
      ),
      state: nextState(ws, s, table, source, input.now),
    };
  }
  return decisions;
}

/** Staying keeps `since` (and any challenger count); moving starts afresh at `now`. */
function nextState(ws: Workspace, s: number, table: ProviderTable, source: SourceInput, now: number): HysteresisState {
  const chosen = ws.chosen[s]!;
  const previous = source.previous;
  if (previous !== undefined && chosen === ws.previous[s]) {
    const challenger = ws.challenger[s]!;
    return {
      provider: previous.provider, since: previous.since,
      challenger: challenger >= 0 ? table.names[challenger]! : null, challengerCount: challenger >= 0 ? ws.challengerCount[s]! : 0,
    };
  }
  return { provider: table.names[chosen]!, since: now, challenger: null, challengerCount: 0 };
}

export function buildLoads(ws: Workspace, table: ProviderTable, load: Float64Array): ProviderLoad[] {
  const counts = new Uint32Array(table.count);
  for (let s = 0; s < ws.sources; s++) counts[ws.chosen[s]!] = counts[ws.chosen[s]!]! + 1;
  return table.names.map((provider, p) => ({
    provider, mbps: load[p]!, sources: counts[p]!,
    capacityMbps: table.capacityMbps[p]!, commitMbps: table.commitMbps[p]!,
  }));
}

