import type Database from "better-sqlite3";

export interface ProbeBucket {
  at: number;
  provider: string;
  sent: number;
  lost: number;
}
export interface DecisionBucket {
  at: number;
  cause: string | null;
  count: number;
}
/**
 * A path as the latency matrix and the provider health read it, as an array (raw rows: no
 * object per row): rowid, prefix, prefix length, provider, median RTT µs, EWMA RTT µs, loss
 * ratio, results in the window, down (its last `downAfterLosses` results lost: 1), updated at.
 */
export type PathChunkRow = [number, string, number, string, number | null, number | null, number, number, 0 | 1, number];
/** A source's demand: id, address, prefix length, aggregate address, aggregate prefix length, rate. */
export type SourceChunkRow = [number, string, number, string | null, number | null, number];
/** A decision's summary: rowid, prefix, prefix length, provider, level, cause, demand Mbps. */
export type DecisionChunkRow = [number, string, number, string, string | null, string | null, number];

/**
 * Lean reads for the dashboard: whole tables read a chunk at a time with only the columns a view
 * shows (decoding every decision and path window costs ~50 µs a row), and time-bucketed counts of
 * probes per provider (a range scan of samples_at) and of decisions by cause.
 *
 * The `*Chunk` reads page through a whole table by rowid (`rowid > after ORDER BY rowid LIMIT n`:
 * a range search of the table's own b-tree, no index needed, no statement left open between
 * chunks), so a caller can read 100k rows a chunk at a time and let other work run in between.
 */
export class DashboardReads {
  private readonly probes: Database.Statement<Record<string, number>, ProbeBucket>;
  private readonly decided: Database.Statement<Record<string, number>, DecisionBucket>;
  private readonly pathRows: Database.Statement<[number, number]>;
  private readonly sourceRows: Database.Statement<[number, number]>;
  private readonly decisionRows: Database.Statement<[number, number]>;
  private readonly sizes: Database.Statement<[], { paths: number; sources: number; decisions: number }>;
  private readonly changes: Database.Statement<[], number>;

  /** `downAfterLosses`: a path is down when this many of its last results (all, if fewer) were lost. */
  constructor(db: Database.Database, downAfterLosses = 3) {
    this.probes = db.prepare(`SELECT CAST(at / @bucket AS INTEGER) * @bucket AS at, provider, count(*) AS sent, sum(rtt_us IS NULL) AS lost
      FROM samples WHERE at >= @since AND at < @until GROUP BY 1, provider ORDER BY 1, provider`);
    this.decided =
      db.prepare(`SELECT CAST(decided_at / @bucket AS INTEGER) * @bucket AS at, json_extract(reason, '$.cause') AS cause, count(*) AS count
      FROM decisions WHERE decided_at >= @since AND decided_at < @until GROUP BY 1, 2 ORDER BY 1, 2`);
    // The path_stats view's choice of kind (migration 4) on path_kind_stats itself: the view has no rowid.
    this.pathRows = db
      .prepare(`SELECT a.rowid, a.prefix, a.prefix_length, a.provider, a.median_rtt_us, a.ewma_rtt_us, a.loss_ratio, a.window_length,
        ${downExpression(downAfterLosses)} AS down, a.updated_at
      FROM path_kind_stats a
      WHERE a.rowid > ? AND NOT EXISTS (
        SELECT 1 FROM path_kind_stats b
        WHERE b.prefix = a.prefix AND b.prefix_length = a.prefix_length AND b.provider = a.provider AND b.kind <> a.kind
          AND (b.updated_at > a.updated_at
            OR (b.updated_at = a.updated_at AND (b.window_length > a.window_length
              OR (b.window_length = a.window_length AND b.kind = 'icmp')))))
      ORDER BY a.rowid LIMIT ?`)
      .raw();
    this.sourceRows = db
      .prepare(`SELECT id, address, prefix_length, aggregate_address, aggregate_prefix_length, rate
      FROM sources WHERE id > ? ORDER BY id LIMIT ?`)
      .raw();
    this.decisionRows = db
      .prepare(`SELECT rowid, prefix, prefix_length, provider, reason ->> '$.level', reason ->> '$.cause',
        coalesce(reason ->> '$.demandMbps', 0)
      FROM decisions WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      .raw();
    // The largest rowid of each (the b-tree's last entry: no scan) as the row count to expect.
    this.sizes = db.prepare(`SELECT coalesce((SELECT max(rowid) FROM path_kind_stats), 0) AS paths,
      coalesce((SELECT max(id) FROM sources), 0) AS sources, coalesce((SELECT max(rowid) FROM decisions), 0) AS decisions`);
    this.changes = db.prepare<[], number>("SELECT total_changes()").pluck();
  }

  /** Rows this connection has changed since it opened (data_version counts only other connections' commits). */
  ownChanges(): number {
    return this.changes.get()!;
  }

  /** About how many rows the chunk reads will return (the largest rowids: deleted rows still count). */
  tableSizes(): { paths: number; sources: number; decisions: number } {
    return this.sizes.get()!;
  }

  /** Up to `limit` paths (one kind each, as path_stats chooses) after rowid `after`. */
  pathChunk(after: number, limit: number): PathChunkRow[] {
    return this.pathRows.all(after, limit) as PathChunkRow[];
  }

  sourceChunk(after: number, limit: number): SourceChunkRow[] {
    return this.sourceRows.all(after, limit) as SourceChunkRow[];
  }

  decisionChunk(after: number, limit: number): DecisionChunkRow[] {
    return this.decisionRows.all(after, limit) as DecisionChunkRow[];
  }

  probeBuckets(since: number, until: number, bucket: number): ProbeBucket[] {
    return this.probes.all({ since, until, bucket });
  }

  decisionBuckets(since: number, until: number, bucket: number): DecisionBucket[] {
    return this.decided.all({ since, until, bucket });
  }
}

/**
 * SQL for "the last min(k, window length) results are all lost, and there is one" (control's
 * `measurement`), from the window's last k elements: a JSON null reads as NULL, and so does an
 * index before the window's start, which is what clips k to the window's length. k is the
 * config's, fixed when the statement is made.
 */
function downExpression(k: number): string {
  const lost = Array.from({ length: Math.max(1, Math.floor(k)) }, (_, i) => `(a.window ->> '$[#-${i + 1}]') IS NULL`);
  return `(a.window_length > 0 AND ${lost.join(" AND ")})`;
}
