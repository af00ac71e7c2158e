import type Database from "better-sqlite3";
import { canonicalAddress } from "./address.js";
import type { PathStat } from "./types.js";

interface PathStatRow {
  prefix: string; prefix_length: number; provider: string; ewma_rtt_us: number | null;
  median_rtt_us: number | null; loss_ratio: number; jitter_us: number; sample_count: number;
  last_rtt_us: number | null; window: string; updated_at: number;
}

export interface PathStatQuery { provider?: string; prefix?: string; prefixLength?: number }

/** Aggregates per (source prefix, provider); computed by the worker, read by the policy. */
export class PathStatRepo {
  private readonly upsert: Database.Statement;
  private readonly one: Database.Statement<[string, number, string], PathStatRow>;
  private readonly select: Database.Statement<Record<string, unknown>, PathStatRow>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`
      INSERT INTO path_stats (prefix, prefix_length, provider, ewma_rtt_us, median_rtt_us, loss_ratio,
        jitter_us, sample_count, last_rtt_us, window, updated_at)
      VALUES (@prefix, @prefix_length, @provider, @ewma_rtt_us, @median_rtt_us, @loss_ratio,
        @jitter_us, @sample_count, @last_rtt_us, @window, @updated_at)
      ON CONFLICT (prefix, prefix_length, provider) DO UPDATE SET ewma_rtt_us = excluded.ewma_rtt_us,
        median_rtt_us = excluded.median_rtt_us, loss_ratio = excluded.loss_ratio, jitter_us = excluded.jitter_us,
        sample_count = excluded.sample_count, last_rtt_us = excluded.last_rtt_us, window = excluded.window,
        updated_at = excluded.updated_at`);
    this.one = db.prepare("SELECT * FROM path_stats WHERE prefix = ? AND prefix_length = ? AND provider = ?");
    this.select = db.prepare(`SELECT * FROM path_stats WHERE (@provider IS NULL OR provider = @provider)
      AND (@prefix IS NULL OR prefix = @prefix) AND (@len IS NULL OR prefix_length = @len)
      ORDER BY prefix, prefix_length, provider`);
  }

  /** Must run inside a transaction (Store.recordBatch or Store.upsertPathStats). */
  upsertMany(stats: readonly PathStat[]): void {
    for (const s of stats) this.upsert.run(toRow(s));
  }

  get(prefix: string, prefixLength: number, provider: string): PathStat | undefined {
    const row = this.one.get(canonicalAddress(prefix).address, prefixLength, provider);
    return row && fromRow(row);
  }

  list(q: PathStatQuery = {}): PathStat[] {
    const prefix = q.prefix === undefined ? null : canonicalAddress(q.prefix).address;
    return this.select.all({ provider: q.provider ?? null, prefix, len: q.prefixLength ?? null }).map(fromRow);
  }
}

function toRow(s: PathStat): Record<string, unknown> {
  return {
    prefix: canonicalAddress(s.prefix).address, prefix_length: s.prefixLength, provider: s.provider,
    ewma_rtt_us: s.ewmaRttUs, median_rtt_us: s.medianRttUs, loss_ratio: s.lossRatio, jitter_us: s.jitterUs,
    sample_count: s.sampleCount, last_rtt_us: s.lastRttUs === null ? null : Math.round(s.lastRttUs), window: JSON.stringify(s.window), updated_at: Math.round(s.updatedAt),
  };
}

function fromRow(r: PathStatRow): PathStat {
  return {
    prefix: r.prefix, prefixLength: r.prefix_length, provider: r.provider, ewmaRttUs: r.ewma_rtt_us,
    medianRttUs: r.median_rtt_us, lossRatio: r.loss_ratio, jitterUs: r.jitter_us, sampleCount: r.sample_count,
    lastRttUs: r.last_rtt_us, window: JSON.parse(r.window) as (number | null)[], updatedAt: r.updated_at,
  };
}
