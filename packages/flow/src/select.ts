import { formatAddressWords } from "@dnsteer/net";
import { aggregateInto, SourceKey, type SourceLimits } from "./source-key.js";
import type { FlowTable } from "./table.js";
import { TopK } from "./top-k.js";

export interface SelectQuery {
  nowMs: number;
  /** Minimum demand, queries/s (decayed rate at `nowMs`). Default 0: every source. */
  minRate?: number;
  /** Most sources returned. Default: all that pass. */
  limit?: number;
}

/** One ranked source, shaped for a row insert. */
export interface FlowSource {
  family: 4 | 6;
  /** Canonical text of the (prefix) address, e.g. "192.0.2.0" or "2001:db8::". */
  address: string;
  prefixLength: number;
  /** Demand at the query's `nowMs`, queries/s (exponentially decayed). */
  rate: number;
  /** Queries counted since first seen, all groups. */
  queries: number;
  perGroup: number[];
  firstSeenMs: number;
  lastSeenMs: number;
  ecs: boolean;
  /** The /24 or /48 this source belongs to, so policy can fall back to it. */
  aggregate: { address: string; prefixLength: number };
}

export function selectSources(table: FlowTable, limits: SourceLimits, query: SelectQuery): FlowSource[] {
  const minRate = query.minRate ?? 0;
  const top = new TopK(Math.max(0, Math.min(query.limit ?? table.size, table.size)));
  for (let slot = 0; slot < table.capacity; slot++) {
    if (!table.isLive(slot)) continue;
    const rate = table.rateAt(slot, query.nowMs);
    if (rate >= minRate && top.admits(rate)) top.offer(slot, rate, table.queriesAt(slot));
  }
  return top.sorted().map((slot) => toSource(table, limits, slot, table.rateAt(slot, query.nowMs)));
}

function toSource(table: FlowTable, limits: SourceLimits, slot: number, rate: number): FlowSource {
  const e = table.entryAt(slot);
  const key = new SourceKey();
  key.family = e.family;
  key.prefixLength = e.prefixLength;
  [key.w0, key.w1, key.w2, key.w3] = e.words;
  const agg = aggregateInto(new SourceKey(), key, limits);
  return {
    family: e.family,
    address: formatAddressWords(e.family, ...e.words),
    prefixLength: e.prefixLength,
    rate,
    queries: e.queries,
    perGroup: e.counts,
    firstSeenMs: e.firstSeenMs,
    lastSeenMs: e.lastSeenMs,
    ecs: e.ecs,
    aggregate: { address: formatAddressWords(agg.family, agg.w0, agg.w1, agg.w2, agg.w3), prefixLength: agg.prefixLength },
  };
}
