import type Database from "better-sqlite3";
import { canonicalAddress } from "./address.js";
import { type PathStatRow, pathStatFromRow } from "./path-stats.js";
import { type SampleRow, sampleFromRow } from "./samples.js";
import type { PathStat, Sample } from "./types.js";

export interface PathStatPageQuery {
  prefix?: string;
  prefixLength?: number;
  provider?: string;
  limit: number;
  offset: number;
}
export interface SampleHistoryQuery {
  source: string;
  provider?: string;
  since?: number;
  until?: number;
  limit: number;
  offset: number;
}

/**
 * Paginated reads for operators: path aggregates (the `path_stats` view: per path, the probe kind
 * it settles on) and one source's raw samples, newest first.
 */
export class MeasurementPageRepo {
  private readonly stats: Database.Statement<Record<string, unknown>, PathStatRow>;
  private readonly statCount: Database.Statement<Record<string, unknown>, { n: number }>;
  private readonly samples: Database.Statement<Record<string, unknown>, SampleRow>;
  private readonly sampleCount: Database.Statement<Record<string, unknown>, { n: number }>;

  constructor(db: Database.Database) {
    const statWhere = `WHERE (@provider IS NULL OR provider = @provider) AND (@prefix IS NULL OR prefix = @prefix)
      AND (@len IS NULL OR prefix_length = @len)`;
    this.stats = db.prepare(`SELECT * FROM path_stats ${statWhere} ORDER BY prefix, prefix_length, provider LIMIT @limit OFFSET @offset`);
    this.statCount = db.prepare(`SELECT count(*) AS n FROM path_stats ${statWhere}`);
    // (source, provider, at) is indexed: one source's history is a range scan.
    const sampleWhere = `WHERE source = @source AND (@provider IS NULL OR provider = @provider) AND at >= @since AND at < @until`;
    this.samples = db.prepare(`SELECT * FROM samples ${sampleWhere} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`);
    this.sampleCount = db.prepare(`SELECT count(*) AS n FROM samples ${sampleWhere}`);
  }

  pathStats(q: PathStatPageQuery): { items: PathStat[]; total: number } {
    const args = {
      provider: q.provider ?? null,
      prefix: q.prefix === undefined ? null : canonicalAddress(q.prefix).address,
      len: q.prefixLength ?? null,
    };
    return {
      items: this.stats.all({ ...args, limit: q.limit, offset: q.offset }).map(pathStatFromRow),
      total: this.statCount.get(args)!.n,
    };
  }

  sampleHistory(q: SampleHistoryQuery): { items: Sample[]; total: number } {
    const args = {
      source: canonicalAddress(q.source).address,
      provider: q.provider ?? null,
      since: q.since ?? 0,
      until: q.until ?? Number.MAX_SAFE_INTEGER,
    };
    const items = this.samples.all({ ...args, limit: q.limit, offset: q.offset }).map(sampleFromRow);
    return { items, total: this.sampleCount.get(args)!.n };
  }
}
