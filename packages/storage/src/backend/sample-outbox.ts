import type Database from "better-sqlite3";
import { type SampleRow, sampleFromRow } from "../samples.js";
import type { Store } from "../store.js";
import type { Sample } from "../types.js";

/**
 * A probe site's local samples read in id order past a watermark: what a site ships to the
 * shared database. A new sample's id is the largest id stored + 1 (INTEGER PRIMARY KEY), and
 * retention deletes the oldest, so "id > watermark" is exactly what was not shipped yet; only a
 * table emptied whole (every sample past retention) starts ids again below the watermark, which
 * `newestId() < watermark` tells the caller. While the database is down samples wait here,
 * bounded by the local retention (measure.storage.retentionMs).
 */
export class SampleOutbox {
  private readonly after: Database.Statement<[number, number], SampleRow>;
  private readonly newest: Database.Statement<[], { id: number | null }>;

  constructor(store: Store) {
    this.after = store.db.prepare("SELECT * FROM samples WHERE id > ? ORDER BY id LIMIT ?");
    this.newest = store.db.prepare("SELECT max(id) AS id FROM samples");
  }

  /** Up to `limit` samples with an id above `watermark`, oldest first. */
  next(watermark: number, limit: number): Sample[] {
    return this.after.all(watermark, limit).map(sampleFromRow);
  }

  /** The highest id stored (0: none). */
  newestId(): number {
    return this.newest.get()?.id ?? 0;
  }
}
