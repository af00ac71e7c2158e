import type Database from "better-sqlite3";
import { canonicalAddress, checkPrefixLength } from "./address.js";
import type { Source, SourceInput } from "./types.js";

export interface SourceRow {
  family: number;
  address: string;
  prefix_length: number;
  aggregate_address: string | null;
  aggregate_prefix_length: number | null;
  rate: number;
  queries: number;
  group_counts: string;
  first_seen: number;
  last_seen: number;
  ecs: number;
  updated_at: number;
}

export interface SourceQuery {
  /** Only sources whose last_seen is at or after this time. */
  seenSince?: number;
  limit?: number;
}

/** The flow analyzer's ranked selection; the worker's scheduler reads it. */
export class SourceRepo {
  private readonly upsert: Database.Statement;
  private readonly select: Database.Statement<[number, number], SourceRow>;
  private readonly prune: Database.Statement<[number]>;

  constructor(private readonly db: Database.Database) {
    // first_seen keeps the earliest value: the analyzer may have been restarted and forgotten it.
    this.upsert = db.prepare(`
      INSERT INTO sources (family, address, prefix_length, aggregate_address, aggregate_prefix_length,
        rate, queries, group_counts, first_seen, last_seen, ecs, updated_at)
      VALUES (@family, @address, @prefix_length, @aggregate_address, @aggregate_prefix_length,
        @rate, @queries, @group_counts, @first_seen, @last_seen, @ecs, @updated_at)
      ON CONFLICT (address, prefix_length) DO UPDATE SET
        aggregate_address = excluded.aggregate_address, aggregate_prefix_length = excluded.aggregate_prefix_length,
        rate = excluded.rate, queries = excluded.queries, group_counts = excluded.group_counts,
        first_seen = min(sources.first_seen, excluded.first_seen),
        last_seen = max(sources.last_seen, excluded.last_seen), ecs = excluded.ecs, updated_at = excluded.updated_at`);
    this.select = db.prepare("SELECT * FROM sources WHERE last_seen >= ? ORDER BY rate DESC, address LIMIT ?");
    this.prune = db.prepare("DELETE FROM sources WHERE last_seen < ?");
  }

  /** Writes one batch in one transaction; returns the number of rows written. */
  upsertBatch(batch: readonly SourceInput[], now: number): number {
    const rows = batch.map((s) => toRow(s, now));
    this.db
      .transaction(() => {
        for (const row of rows) this.upsert.run(row);
      })
      .immediate();
    return rows.length;
  }

  list(q: SourceQuery = {}): Source[] {
    return this.select.all(q.seenSince ?? 0, q.limit ?? -1).map(sourceFromRow);
  }

  deleteNotSeenSince(time: number): number {
    return this.prune.run(time).changes;
  }
}

function toRow(s: SourceInput, now: number): Record<string, unknown> {
  const { address, family } = canonicalAddress(s.address);
  checkPrefixLength(family, s.prefixLength);
  const agg = s.aggregateAddress === null ? null : canonicalAddress(s.aggregateAddress).address;
  if (s.aggregatePrefixLength !== null) checkPrefixLength(family, s.aggregatePrefixLength);
  return {
    family,
    address,
    prefix_length: s.prefixLength,
    aggregate_address: agg,
    aggregate_prefix_length: s.aggregatePrefixLength,
    rate: s.rate,
    queries: s.queries,
    group_counts: JSON.stringify(s.groupCounts),
    first_seen: s.firstSeen,
    last_seen: s.lastSeen,
    ecs: s.ecs ? 1 : 0,
    updated_at: now,
  };
}

/** A sources row as a Source. */
export function sourceFromRow(r: SourceRow): Source {
  return {
    family: r.family as 4 | 6,
    address: r.address,
    prefixLength: r.prefix_length,
    aggregateAddress: r.aggregate_address,
    aggregatePrefixLength: r.aggregate_prefix_length,
    rate: r.rate,
    queries: r.queries,
    groupCounts: JSON.parse(r.group_counts) as Record<string, number>,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    ecs: r.ecs === 1,
    updatedAt: r.updated_at,
  };
}
