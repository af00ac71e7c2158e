import type { PathStat, ProbeKind, SampleInput, Store } from "@dnsteer/storage";
import { type AggregateParams, applySample } from "./aggregate.js";
import type { ScheduledProbe } from "./scheduler.js";

/**
 * Buffers probe results between flushes and folds them into path aggregates, both for the exact
 * source and for its aggregate prefix (/24, /48) when the flow analyzer gave one, so the policy can
 * fall back to the prefix. One aggregate per probe kind: ICMP and TCP samples never share a median
 * (storage's `path_stats` view says which kind the policy reads). `take()` hands both to the
 * StoreWriter, which commits them in one transaction. The store is only read here (a path's
 * aggregate from before this run).
 */
export class SampleRecorder {
  private samples: SampleInput[] = [];
  private readonly stats = new Map<string, PathStat>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly params: AggregateParams,
    private readonly maxBuffered = 500_000,
  ) {}

  get buffered(): number {
    return this.samples.length;
  }

  add(probe: ScheduledProbe, rttUs: number | null, at: number): void {
    // If the database stays unwritable, drop the oldest rather than grow without bound.
    if (this.samples.length >= this.maxBuffered) this.samples.shift();
    this.samples.push({ source: probe.address, provider: probe.provider, kind: probe.kind, family: probe.family, rttUs, at });
    const kind = probe.kind;
    // The exact source's aggregate is keyed by the scheduler's path key and the kind.
    this.fold(
      kind === "icmp" ? probe.key : `${probe.key}|${kind}`,
      probe.address,
      probe.family === 4 ? 32 : 128,
      probe.provider,
      kind,
      rttUs,
      at,
    );
    const t = probe.target;
    if (t.aggregateAddress && t.aggregatePrefixLength !== null && t.aggregatePrefixLength !== undefined) {
      this.fold(
        `${t.aggregateAddress}/${t.aggregatePrefixLength}|${probe.provider}|${kind}`,
        t.aggregateAddress,
        t.aggregatePrefixLength,
        probe.provider,
        kind,
        rttUs,
        at,
      );
    }
  }

  private fold(
    id: string,
    prefix: string,
    prefixLength: number,
    provider: string,
    kind: ProbeKind,
    rttUs: number | null,
    at: number,
  ): void {
    const prev = this.stats.get(id) ?? this.store.getPathKindStat(prefix, prefixLength, provider, kind);
    this.stats.set(id, applySample(prev, { prefix, prefixLength, provider, kind }, rttUs, at, this.params));
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
