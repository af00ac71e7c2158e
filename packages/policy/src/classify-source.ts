import type { PolicyConfig } from "./config.js";
import type { MeasurementsByProvider, PathMeasurement, SourceInput } from "./input-types.js";
import {
  STATUS_DISABLED, STATUS_DOWN, STATUS_DRAINED, STATUS_GOOD, STATUS_LOSSY, STATUS_PATH_DOWN, STATUS_TOO_SLOW,
  STATUS_UNKNOWN,
} from "./path-status.js";
import { PROVIDER_DISABLED, PROVIDER_DRAINED, PROVIDER_OK, type ProviderTable } from "./provider-table.js";
import { LEVEL_DEFAULT, LEVEL_PREFIX, LEVEL_SOURCE, type Workspace } from "./workspace.js";

const OPEN = 0; // not yet classified: the provider may be chosen

/**
 * Fills row `s`: level, status and effective RTT per provider. A path that lost every probe
 * (at the source or its prefix) excludes its provider for this source, unless every provider's
 * path did: then the probes say nothing about the providers (the source stopped answering) and
 * the source falls back to the default order instead.
 */
export function classifySource(
  ws: Workspace, s: number, source: SourceInput, table: ProviderTable, config: PolicyConfig,
  aggregate: MeasurementsByProvider | undefined,
): void {
  const row = s * table.count;
  const own = source.measurements;
  markExclusions(ws, row, table, config, own, aggregate);
  const level = trustsAny(ws, row, table, config, own) ? LEVEL_SOURCE
    : trustsAny(ws, row, table, config, aggregate) ? LEVEL_PREFIX : LEVEL_DEFAULT;
  ws.level[s] = level;
  const used = level === LEVEL_SOURCE ? own : level === LEVEL_PREFIX ? aggregate : undefined;
  for (let p = 0; p < table.count; p++) {
    const cell = row + p;
    ws.effective[cell] = NaN;
    if (ws.status[cell] !== OPEN) continue;
    const path = used?.[table.names[p]!];
    if (path === undefined || path.samples < config.minSamples) {
      ws.status[cell] = STATUS_UNKNOWN;
      continue;
    }
    ws.effective[cell] = (path.rttMs * (1 + config.lossWeight * path.loss)) * table.biasFactor[p]! + table.biasMs[p]!;
    ws.status[cell] = path.loss >= config.maxLoss ? STATUS_LOSSY : path.rttMs > config.rttCeilingMs ? STATUS_TOO_SLOW : STATUS_GOOD;
  }
}

function markExclusions(
  ws: Workspace, row: number, table: ProviderTable, config: PolicyConfig,
  own: MeasurementsByProvider | undefined, aggregate: MeasurementsByProvider | undefined,
): void {
  let alive = 0;
  let pathDown = 0;
  for (let p = 0; p < table.count; p++) {
    const excluded = table.excluded[p]!;
    if (excluded !== PROVIDER_OK) {
      ws.status[row + p] = excluded === PROVIDER_DISABLED ? STATUS_DISABLED : excluded === PROVIDER_DRAINED ? STATUS_DRAINED : STATUS_DOWN;
      continue;
    }
    const name = table.names[p]!;
    if (isDown(own?.[name], config) || isDown(aggregate?.[name], config)) {
      ws.status[row + p] = STATUS_PATH_DOWN;
      pathDown++;
    } else {
      ws.status[row + p] = OPEN;
      alive++;
    }
  }
  if (alive > 0 || pathDown === 0) return;
  for (let p = 0; p < table.count; p++) if (ws.status[row + p] === STATUS_PATH_DOWN) ws.status[row + p] = OPEN;
}

function isDown(path: PathMeasurement | undefined, config: PolicyConfig): boolean {
  return path !== undefined && path.samples >= 1 && path.loss >= config.downLoss;
}

/** The level has a trusted, answering path to a provider still open for this source. */
function trustsAny(
  ws: Workspace, row: number, table: ProviderTable, config: PolicyConfig, m: MeasurementsByProvider | undefined,
): boolean {
  if (m === undefined) return false;
  for (let p = 0; p < table.count; p++) {
    if (ws.status[row + p] !== OPEN) continue;
    const path = m[table.names[p]!];
    if (path !== undefined && path.samples >= config.minSamples && path.loss < config.downLoss) return true;
  }
  return false;
}
