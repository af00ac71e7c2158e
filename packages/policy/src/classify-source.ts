import type { PolicyConfig } from "./config.js";
import type { MeasurementsByProvider, PathMeasurement, SourceInput } from "./input-types.js";
import {
  STATUS_DISABLED,
  STATUS_DOWN,
  STATUS_DRAINED,
  STATUS_GOOD,
  STATUS_LOSSY,
  STATUS_PATH_DOWN,
  STATUS_TOO_SLOW,
  STATUS_UNKNOWN,
} from "./path-status.js";
import { type PathSummary, summarizePath } from "./path-summary.js";
import { isDown } from "./prefix-evidence.js";
import { PROVIDER_DISABLED, PROVIDER_DRAINED, PROVIDER_OK, type ProviderTable } from "./provider-table.js";
import {
  BASIS_DEFAULT,
  BASIS_PARTIAL,
  BASIS_PREFIX,
  BASIS_SOURCE,
  LEVEL_DEFAULT,
  LEVEL_PREFIX,
  LEVEL_SOURCE,
  type Workspace,
} from "./workspace.js";

const OPEN = 0; // not yet classified: the provider may be chosen

/** Reused buffers for path summaries, so classifying 100k sources allocates nothing per path. */
export class Summarizer {
  scratch = new Float64Array(64);
  readonly summary: PathSummary = { count: 0, level: NaN, sd: 0, df: 0, shifted: false, trending: false };
}

/**
 * Fills row `s`: level, basis, status, effective RTT and its standard error per provider. Levels
 * form a fallback chain: the source's own data when it has a trusted path, else its aggregate's
 * (a prior for sources without data, nothing more), else the default order. A path that lost
 * every probe excludes its provider for this source: its own path always; its aggregate's only
 * when the source has no trusted data and the prefix's members agree (`prefixDown`). When every
 * provider is excluded that way, the probes say nothing about the providers (the source stopped
 * answering) and the source falls back to the default order instead.
 */
export function classifySource(
  ws: Workspace,
  s: number,
  source: SourceInput,
  table: ProviderTable,
  config: PolicyConfig,
  aggregate: MeasurementsByProvider | undefined,
  prefixDown: Uint8Array | undefined,
  summarizer: Summarizer,
): void {
  const row = s * table.count;
  const own = source.measurements;
  markExclusions(ws, row, table, config, own);
  let level = LEVEL_SOURCE;
  if (!trustsAny(ws, row, table, config, own)) {
    if (prefixDown !== undefined) excludeDeadForPrefix(ws, row, table, prefixDown);
    level = trustsAny(ws, row, table, config, aggregate) ? LEVEL_PREFIX : LEVEL_DEFAULT;
  }
  ws.level[s] = level;
  const used = level === LEVEL_SOURCE ? own : level === LEVEL_PREFIX ? aggregate : undefined;
  let unknown = 0;
  for (let p = 0; p < table.count; p++) {
    const cell = row + p;
    ws.effective[cell] = NaN;
    ws.effectiveSe[cell] = NaN;
    ws.effectiveDf[cell] = NaN;
    ws.rttLevel[cell] = NaN;
    if (ws.status[cell] !== OPEN) continue;
    const path = used?.[table.names[p]!];
    if (path === undefined || path.samples < config.minSamples) {
      ws.status[cell] = STATUS_UNKNOWN;
      unknown++;
      continue;
    }
    score(ws, cell, path, table.biasFactor[p]! * (1 + config.lossWeight * path.loss), table.biasMs[p]!, summarizer);
    const rtt = ws.rttLevel[cell]!;
    ws.status[cell] = path.loss >= config.maxLoss ? STATUS_LOSSY : rtt > config.rttCeilingMs ? STATUS_TOO_SLOW : STATUS_GOOD;
  }
  ws.basis[s] =
    level === LEVEL_DEFAULT ? BASIS_DEFAULT : level === LEVEL_PREFIX ? BASIS_PREFIX : unknown > 0 ? BASIS_PARTIAL : BASIS_SOURCE;
}

/** Effective RTT = level × factor + biasMs; its standard error scales by the same factor (its degrees of freedom stay). */
function score(ws: Workspace, cell: number, path: PathMeasurement, factor: number, biasMs: number, summarizer: Summarizer): void {
  const recent = path.recentMs;
  let rtt = path.rttMs;
  let se = 0;
  let df = Infinity;
  if (recent !== undefined && recent.length > 0) {
    if (summarizer.scratch.length < recent.length) summarizer.scratch = new Float64Array(recent.length);
    const summary = summarizer.summary;
    summarizePath(recent, recent.length, summarizer.scratch, summary);
    rtt = summary.level;
    se = summary.sd / Math.sqrt(summary.count);
    df = summary.df;
  }
  ws.rttLevel[cell] = rtt;
  ws.effective[cell] = rtt * factor + biasMs;
  ws.effectiveSe[cell] = se * factor;
  ws.effectiveDf[cell] = df;
}

/** The source's own dead paths; all of them dead means the source, not the providers, went silent. */
function markExclusions(
  ws: Workspace,
  row: number,
  table: ProviderTable,
  config: PolicyConfig,
  own: MeasurementsByProvider | undefined,
): void {
  let alive = 0;
  let pathDown = 0;
  for (let p = 0; p < table.count; p++) {
    const excluded = table.excluded[p]!;
    if (excluded !== PROVIDER_OK) {
      ws.status[row + p] = excluded === PROVIDER_DISABLED ? STATUS_DISABLED : excluded === PROVIDER_DRAINED ? STATUS_DRAINED : STATUS_DOWN;
      continue;
    }
    if (isDown(own?.[table.names[p]!], config)) {
      ws.status[row + p] = STATUS_PATH_DOWN;
      pathDown++;
    } else {
      ws.status[row + p] = OPEN;
      alive++;
    }
  }
  if (alive === 0 && pathDown > 0) reopen(ws, row, table.count);
}

/** The prefix's members say these providers are down: excluded too, unless that leaves none. */
function excludeDeadForPrefix(ws: Workspace, row: number, table: ProviderTable, prefixDown: Uint8Array): void {
  let alive = 0;
  for (let p = 0; p < table.count; p++) {
    if (ws.status[row + p] !== OPEN) continue;
    if (prefixDown[p]) ws.status[row + p] = STATUS_PATH_DOWN;
    else alive++;
  }
  if (alive === 0) reopen(ws, row, table.count);
}

function reopen(ws: Workspace, row: number, count: number): void {
  for (let p = 0; p < count; p++) if (ws.status[row + p] === STATUS_PATH_DOWN) ws.status[row + p] = OPEN;
}

/** The level has a trusted, answering path to a provider still open for this source. */
function trustsAny(ws: Workspace, row: number, table: ProviderTable, config: PolicyConfig, m: MeasurementsByProvider | undefined): boolean {
  if (m === undefined) return false;
  for (let p = 0; p < table.count; p++) {
    if (ws.status[row + p] !== OPEN) continue;
    const path = m[table.names[p]!];
    if (path !== undefined && path.samples >= config.minSamples && path.loss < config.downLoss) return true;
  }
  return false;
}
