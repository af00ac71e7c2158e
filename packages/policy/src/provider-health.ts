import type { PolicyConfig } from "./config.js";
import type { MeasurementsByProvider, PolicyInput } from "./input-types.js";
import { PROVIDER_DOWN, PROVIDER_OK, type ProviderTable } from "./provider-table.js";

/**
 * Marks a provider down for every source when most of the paths measured to it lost their last
 * probes while those sources still answer on another provider: its link is down. A majority, not
 * every path: after a link dies, its paths are seen dead one by one as each is probed again, and
 * sources still waiting for that probe must not keep being sent to it (issue 9: nobody answered
 * with a dead provider after one probe cycle). Sources whose every path is dead stopped answering
 * and say nothing about providers. An aggregate only repeats its members' probes (and one silent
 * member can make it look dead), so aggregates count only for a provider no source measured itself.
 */
export function markDeadProviders(table: ProviderTable, input: PolicyInput): void {
  const own = new Uint32Array(2 * table.count);
  const aggregates = new Uint32Array(2 * table.count);
  for (const source of input.sources) if (source.measurements !== undefined) tally(source.measurements, table, input.config, own);
  input.prefixMeasurements?.forEach((m) => tally(m, table, input.config, aggregates));
  for (let p = 0; p < table.count; p++) {
    const counts = own[2 * p]! + own[2 * p + 1]! > 0 ? own : aggregates;
    const down = counts[2 * p]!;
    const up = counts[2 * p + 1]!;
    if (table.excluded[p] === PROVIDER_OK && down > up) table.excluded[p] = PROVIDER_DOWN;
  }
}

/** Adds one source's (or aggregate's) paths as down / up per provider, unless every one of them is down. */
function tally(m: MeasurementsByProvider, table: ProviderTable, config: PolicyConfig, counts: Uint32Array): void {
  let answering = 0;
  for (let p = 0; p < table.count; p++) {
    const path = m[table.names[p]!];
    if (path !== undefined && path.samples >= 1 && path.loss < config.downLoss) answering++;
  }
  if (answering === 0) return;
  for (let p = 0; p < table.count; p++) {
    const path = m[table.names[p]!];
    if (path === undefined || path.samples < 1) continue;
    const at = 2 * p + (path.loss >= config.downLoss ? 0 : 1);
    counts[at] = counts[at]! + 1;
  }
}
