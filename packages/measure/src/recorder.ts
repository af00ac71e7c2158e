import type { PathStat, SampleInput, Store } from "@dnsteer/storage";
import { applySample, type AggregateParams } from "./aggregate.js";
import type { ScheduledProbe } from "./scheduler.js";

/**
 * Buffers probe results between flushes and folds them into path aggregates, both for the exact
 * source and for its aggregate prefix (/24, /48) when the flow analyzer gave one, so the policy can
 * fall back to the prefix. `take()` hands both to the StoreWriter, which commits them in one
 * transaction. The store is only read here (a path's aggregate from before this run).
 */
export class SampleRecorder {
  private samples: SampleInput[] = [];
  private readonly stats = new Map<string, PathStat>();
  private readonly dirty = new Set<string>();

  constructor(private readonly store: Store, private readonly params: AggregateParams, private readonly maxBuffered = 500_000) {}

  get buffered(): number { return this.samples.length; }

  add(probe: ScheduledProbe, rttUs: number | null, at: number): void {
    // If the database stays unwritable, drop the oldest rather than grow without bound.
    if (this.samples.length >= this.maxBuffered) this.samples.shift();
    this.samples.push({ source: probe.address, provider: probe.provider, kind: probe.kind, family: probe.family, rttUs, at });
    // The exact source's aggregate is keyed by the scheduler's path key (no string built per sample).
    this.fold(probe.key, probe.address, probe.family === 4 ? 32 : 128, probe.provider, rttUs, at);
    const t = probe.target;
    if (t.aggregateAddress && t.aggregatePrefixLength !== null && t.aggregatePrefixLength !== undefined) {
      this.fold(`${t.aggregateAddress}/${t.aggregatePrefixLength}|${probe.provider}`, t.aggregateAddress, t.aggregatePrefixLength, probe.provider, rttUs, at);
    }
  }

  private fold(id: string, prefix: string, prefixLength: number, provider: string, rttUs: number | null, at: number): void {
    const prev = this.stats.get(id) ?? this.store.getPathStat(prefix, prefixLength, provider);
    this.stats.set(id, applySample(prev, { prefix, prefixLength, provider }, rttUs, at, this.params));
    this.dirty.add(id);
  }

  /** Hands over what was buffered since the last call (for StoreWriter), or null when nothing was. */
  take(): { samples: SampleInput[]; stats: PathStat[] } | null {
    if (this.samples.length === 0 && this.dirty.size === 0) return null;
    const stats = [...this.dirty].map((id) => this.stats.get(id)!);
    const samples = this.samples;
    this.samples = [];
    this.dirty.clear();
    return { samples, stats };
  }
}
