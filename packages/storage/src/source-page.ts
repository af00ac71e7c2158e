import type Database from "better-sqlite3";
import type { Source } from "./types.js";

interface SourceRow {
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

/** Sources by demand, one page at a time (the scheduler's SourceRepo.list reads them all). */
export class SourcePageRepo {
  private readonly select: Database.Statement<[number, number, number], SourceRow>;
  private readonly count: Database.Statement<[number], { n: number }>;

  constructor(db: Database.Database) {
    this.select = db.prepare("SELECT * FROM sources WHERE last_seen >= ? ORDER BY rate DESC, address, prefix_length LIMIT ? OFFSET ?");
    this.count = db.prepare("SELECT count(*) AS n FROM sources WHERE last_seen >= ?");
  }

  topByDemand(seenSince: number, limit: number, offset: number): { items: Source[]; total: number } {
    return { items: this.select.all(seenSince, limit, offset).map(fromRow), total: this.count.get(seenSince)!.n };
  }
}

function fromRow(r: SourceRow): Source {
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
