import { isProbeKind } from "@dnsteer/model";
import type Database from "better-sqlite3";
import { canonicalAddress } from "./address.js";
import { StorageError } from "./errors.js";
import type { PathStat, ProbeKind } from "./types.js";

export interface PathStatRow {
  prefix: string;
  prefix_length: number;
  provider: string;
  kind: ProbeKind;
  ewma_rtt_us: number | null;
  median_rtt_us: number | null;
  loss_ratio: number;
  jitter_us: number;
  sample_count: number;
  last_rtt_us: number | null;
  window: string;
  updated_at: number;
}

export interface PathStatQuery {
  provider?: string;
  prefix?: string;
  prefixLength?: number;
}

/**
 * Aggregates per (source prefix, provider, probe kind), computed by the worker (migration 4).
 * The policy reads one per (prefix, provider): `get` and `list` read the `path_stats` view, which
 * picks the kind whose latest sample is newest (more samples in the window on a tie, then ICMP):
 * the one declared way of combining kinds, never a mix. `getKind` and `listKinds` see every kind.
 */
export class PathStatRepo {
  private readonly upsert: Database.Statement;
  private readonly one: Database.Statement<[string, number, string], PathStatRow>;
  private readonly oneKind: Database.Statement<[string, number, string, string], PathStatRow>;
  private readonly select: Database.Statement<Record<string, unknown>, PathStatRow>;
  private readonly selectKinds: Database.Statement<Record<string, unknown>, PathStatRow>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`
      INSERT INTO path_kind_stats (prefix, prefix_length, provider, kind, ewma_rtt_us, median_rtt_us, loss_ratio,
        jitter_us, sample_count, last_rtt_us, window, window_length, updated_at)
      VALUES (@prefix, @prefix_length, @provider, @kind, @ewma_rtt_us, @median_rtt_us, @loss_ratio,
        @jitter_us, @sample_count, @last_rtt_us, @window, @window_length, @updated_at)
      ON CONFLICT (prefix, prefix_length, provider, kind) DO UPDATE SET ewma_rtt_us = excluded.ewma_rtt_us,
        median_rtt_us = excluded.median_rtt_us, loss_ratio = excluded.loss_ratio, jitter_us = excluded.jitter_us,
        sample_count = excluded.sample_count, last_rtt_us = excluded.last_rtt_us, window = excluded.window,
        window_length = excluded.window_length, updated_at = excluded.updated_at`);
    this.one = db.prepare("SELECT * FROM path_stats WHERE prefix = ? AND prefix_length = ? AND provider = ?");
    this.oneKind = db.prepare("SELECT * FROM path_kind_stats WHERE prefix = ? AND prefix_length = ? AND provider = ? AND kind = ?");
    const where = `WHERE (@provider IS NULL OR provider = @provider)
      AND (@prefix IS NULL OR prefix = @prefix) AND (@len IS NULL OR prefix_length = @len)`;
    this.select = db.prepare(`SELECT * FROM path_stats ${where} ORDER BY prefix, prefix_length, provider`);
    this.selectKinds = db.prepare(`SELECT * FROM path_kind_stats ${where} ORDER BY prefix, prefix_length, provider, kind`);
  }

  /** Must run inside a transaction (Store.recordBatch or Store.upsertPathStats). */
  upsertMany(stats: readonly PathStat[]): void {
    for (const s of stats) this.upsert.run(toRow(s));
  }

  /** The combined aggregate of a path (the kind `path_stats` picks). */
  get(prefix: string, prefixLength: number, provider: string): PathStat | undefined {
    const row = this.one.get(canonicalAddress(prefix).address, prefixLength, provider);
    return row && pathStatFromRow(row);
  }

  /** One kind's aggregate of a path. */
  getKind(prefix: string, prefixLength: number, provider: string, kind: ProbeKind): PathStat | undefined {
    const row = this.oneKind.get(canonicalAddress(prefix).address, prefixLength, provider, kind);
    return row && pathStatFromRow(row);
  }

  /** Combined aggregates, one per (prefix, provider). */
  list(q: PathStatQuery = {}): PathStat[] {
    return this.select.all(params(q)).map(pathStatFromRow);
  }

  /** Every kind's aggregate. */
  listKinds(q: PathStatQuery = {}): PathStat[] {
    return this.selectKinds.all(params(q)).map(pathStatFromRow);
  }
}

function params(q: PathStatQuery): Record<string, unknown> {
  return {
    provider: q.provider ?? null,
    prefix: q.prefix === undefined ? null : canonicalAddress(q.prefix).address,
    len: q.prefixLength ?? null,
  };
}

function toRow(s: PathStat): Record<string, unknown> {
  if (!isProbeKind(s.kind)) throw new StorageError("BAD_INPUT", `path aggregate kind must be icmp, tcp or dns, not ${String(s.kind)}`);
  return {
    prefix: canonicalAddress(s.prefix).address,
    prefix_length: s.prefixLength,
    provider: s.provider,
    kind: s.kind,
    ewma_rtt_us: s.ewmaRttUs,
    median_rtt_us: s.medianRttUs,
    loss_ratio: s.lossRatio,
    jitter_us: s.jitterUs,
    sample_count: s.sampleCount,
    last_rtt_us: s.lastRttUs === null ? null : Math.round(s.lastRttUs),
    window: JSON.stringify(s.window),
    window_length: s.window.length,
    updated_at: Math.round(s.updatedAt),
  };
}

/** A path_stats row as a PathStat. */
export function pathStatFromRow(r: PathStatRow): PathStat {
  return {
    prefix: r.prefix,
    prefixLength: r.prefix_length,
    provider: r.provider,
    kind: r.kind,
    ewmaRttUs: r.ewma_rtt_us,
    medianRttUs: r.median_rtt_us,
    lossRatio: r.loss_ratio,
    jitterUs: r.jitter_us,
    sampleCount: r.sample_count,
    lastRttUs: r.last_rtt_us,
    window: JSON.parse(r.window) as (number | null)[],
    updatedAt: r.updated_at,
  };
}
