import type Database from "better-sqlite3";
import { type SourceRow, sourceFromRow } from "./sources.js";
import type { Source } from "./types.js";

/** Sources by demand, one page at a time (the scheduler's SourceRepo.list reads them all). */
export class SourcePageRepo {
  private readonly select: Database.Statement<[number, number, number], SourceRow>;
  private readonly count: Database.Statement<[number], { n: number }>;

  constructor(db: Database.Database) {
    this.select = db.prepare("SELECT * FROM sources WHERE last_seen >= ? ORDER BY rate DESC, address, prefix_length LIMIT ? OFFSET ?");
    this.count = db.prepare("SELECT count(*) AS n FROM sources WHERE last_seen >= ?");
  }

  topByDemand(seenSince: number, limit: number, offset: number): { items: Source[]; total: number } {
    return { items: this.select.all(seenSince, limit, offset).map(sourceFromRow), total: this.count.get(seenSince)!.n };
  }
}
