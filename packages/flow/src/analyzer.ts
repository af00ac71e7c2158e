import { FlowError } from "./errors.js";
import { type FlowSource, type SelectQuery, selectSources } from "./select.js";
import { DEFAULT_SOURCE_LIMITS, type SourceKey, type SourceLimits } from "./source-key.js";
import { FlowTable } from "./table.js";

export interface FlowAnalyzerOptions {
  /** Sources kept at once; beyond it the coldest is evicted. */
  maxSources: number;
  /** Steered name groups (1..32); queries are counted per group. */
  groups: number;
  /** Half-life of the demand rate, ms (e.g. 300_000). */
  halfLifeMs: number;
  maxLoad?: number;
  evictionSample?: number;
  /** ECS truncation and aggregate prefixes; the aggregate is reported with every source. */
  limits?: Partial<SourceLimits>;
}

/**
 * The passive flow analyzer: counts queries for steered names per source on the query path,
 * and hands the sources with enough demand, ranked, to a writer off the query path.
 */
export class FlowAnalyzer {
  readonly table: FlowTable;
  readonly limits: Readonly<SourceLimits>;

  constructor(options: FlowAnalyzerOptions) {
    this.limits = resolveSourceLimits(options.limits);
    this.table = new FlowTable({
      maxEntries: options.maxSources,
      groups: options.groups,
      halfLifeMs: options.halfLifeMs,
      ...(options.maxLoad === undefined ? {} : { maxLoad: options.maxLoad }),
      ...(options.evictionSample === undefined ? {} : { evictionSample: options.evictionSample }),
    });
  }

  /**
   * Count one query. `nameGroup` is the steered name group, or -1 for any other name, which
   * costs nothing: only steered names make a source interesting. O(1), allocation-free.
   */
  recordQuery(source: SourceKey, nameGroup: number, nowMs: number): void {
    if (nameGroup < 0) return;
    this.table.record(source.family, source.w0, source.w1, source.w2, source.w3, source.prefixLength, nameGroup, nowMs, source.ecs);
  }

  /** Sources with demand >= `minRate` queries/s at `nowMs`, highest first (allocates; off the query path). */
  select(query: SelectQuery): FlowSource[] {
    return selectSources(this.table, this.limits, query);
  }

  get size(): number {
    return this.table.size;
  }
  get capacity(): number {
    return this.table.capacity;
  }
  memoryBytes(): number {
    return this.table.memoryBytes();
  }
}

/**
 * The defaults with `partial` over them, checked (each 1..32 for IPv4, 1..128 for IPv6) and
 * frozen: what an analyzer identifies sources by, and what a relay to one must use too.
 */
export function resolveSourceLimits(partial: Partial<SourceLimits> = {}): Readonly<SourceLimits> {
  const limits = Object.freeze({ ...DEFAULT_SOURCE_LIMITS, ...partial });
  for (const [name, value] of Object.entries(limits)) {
    const max = name.endsWith("6") ? 128 : 32;
    if (!Number.isInteger(value) || value < 1 || value > max) throw new FlowError("BAD_OPTIONS", `${name} ${value}`);
  }
  return limits;
}
