import type { PolicyConfig } from "./config.js";
import type { MeasurementsByProvider, PolicyInput } from "./input-types.js";
import { PROVIDER_DOWN, PROVIDER_OK, type ProviderTable } from "./provider-table.js";

/**
 * Marks providers down when every measured path to them lost every probe: the link is down
 * (issue 3's "100 % loss on that provider"), so sources without their own data avoid it too.
 */
export function markDeadProviders(table: ProviderTable, input: PolicyInput): void {
  const up = new Uint32Array(table.count);
  const down = new Uint32Array(table.count);
  const tally = (m: MeasurementsByProvider | undefined) => {
    if (m !== undefined) countPaths(m, table, input.config, up, down);
  };
  for (const source of input.sources) tally(source.measurements);
  input.prefixMeasurements?.forEach(tally);
  for (let p = 0; p < table.count; p++) {
    if (table.excluded[p] === PROVIDER_OK && down[p]! > 0 && up[p] === 0) table.excluded[p] = PROVIDER_DOWN;
  }
}

function countPaths(m: MeasurementsByProvider, table: ProviderTable, config: PolicyConfig, up: Uint32Array, down: Uint32Array): void {
  for (let p = 0; p < table.count; p++) {
    const path = m[table.names[p]!];
    if (path === undefined || path.samples < 1) continue;
    if (path.loss >= config.downLoss) down[p] = down[p]! + 1;
    else up[p] = up[p]! + 1;
  }
}
