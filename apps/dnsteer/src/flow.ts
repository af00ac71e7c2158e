import type { SteeringConfig } from "@dnsteer/config";
import { FlowAnalyzer, type FlowSource } from "@dnsteer/flow";
import type { FlowService } from "@dnsteer/server";
import type { SourceInput, Store } from "@dnsteer/storage";
import { nameToKey, parseName } from "@dnsteer/wire";
import type { ZoneSet } from "@dnsteer/zone";

/** Group index -> label used in the sources table's per-group counts: the group's first name. */
export type GroupLabels = string[];

/**
 * The flow analyzer for the configured steered names. Every steered name must lie in a served
 * zone (the zone files stay standard; steering only references their names).
 */
export function createFlowService(steering: SteeringConfig, zones: ZoneSet): { service: FlowService; labels: GroupLabels } {
  const groups = new Map<string, number>();
  const labels: GroupLabels = [];
  steering.names.forEach((entry, i) => {
    const name = parseName(entry.name.endsWith(".") ? entry.name : `${entry.name}.`);
    if (!zones.find(name)) throw new Error(`steering.names.${i}: ${name} is not in any served zone`);
    const group = entry.group ?? i;
    labels[group] ??= name;
    groups.set(nameToKey(name), group);
  });
  const { flow } = steering;
  const analyzer = new FlowAnalyzer({
    maxSources: flow.maxSources,
    groups: Math.max(...groups.values()) + 1,
    halfLifeMs: flow.halfLifeMs,
    limits: { ecsMaxPrefix4: flow.ecsMaxPrefix4, ecsMaxPrefix6: flow.ecsMaxPrefix6 },
  });
  return { service: { analyzer, groups }, labels };
}

export function toSourceRow(s: FlowSource, labels: GroupLabels): SourceInput {
  const groupCounts: Record<string, number> = {};
  s.perGroup.forEach((count, g) => {
    if (count > 0) groupCounts[labels[g] ?? `group${g}`] = count;
  });
  return {
    family: s.family,
    address: s.address,
    prefixLength: s.prefixLength,
    aggregateAddress: s.aggregate.address,
    aggregatePrefixLength: s.aggregate.prefixLength,
    rate: s.rate,
    queries: s.queries,
    groupCounts,
    firstSeen: s.firstSeenMs,
    lastSeen: s.lastSeenMs,
    ecs: s.ecs,
  };
}

/**
 * Write the analyzer's ranked selection to the sources table every `flushIntervalMs`, in one
 * batch: no database write per query. Returns a function that flushes once more and stops.
 */
export function startFlowFlush(
  service: FlowService,
  labels: GroupLabels,
  store: Store,
  steering: SteeringConfig,
  onError: (err: unknown) => void,
  /** Also hands each batch on (to the shared database, store.kind postgres). */
  report?: (rows: SourceInput[]) => void,
): () => void {
  const flush = () => {
    try {
      const selected = service.analyzer.select({ nowMs: Date.now(), minRate: steering.flow.minRate, limit: steering.flow.limit });
      if (selected.length === 0) return;
      const rows = selected.map((s) => toSourceRow(s, labels));
      store.upsertSources(rows);
      report?.(rows);
    } catch (err) {
      onError(err);
    }
  };
  const timer = setInterval(flush, steering.flow.flushIntervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    flush();
  };
}
