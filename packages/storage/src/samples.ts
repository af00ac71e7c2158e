import { isProbeKind, type ProbeKind } from "@dnsteer/model";
import type Database from "better-sqlite3";
import { canonicalAddress } from "./address.js";
import { StorageError } from "./errors.js";
import type { CommittedBatch, Sample, SampleInput } from "./types.js";

export interface SampleRow {
  id: number;
  source: string;
  provider: string;
  kind: string;
  family: number;
  rtt_us: number | null;
  at: number;
}

export interface SampleQuery {
  source?: string;
  provider?: string;
  since?: number;
  limit?: number;
}

/** Raw probe results. Insert only inside a caller's transaction (see Store.recordBatch). */
export class SampleRepo {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement<Record<string, unknown>, SampleRow>;
  private readonly deleteChunk: Database.Statement<[number, number]>;
  private readonly countAll: Database.Statement<[], { n: number }>;

  constructor(db: Database.Database) {
    this.insert = db.prepare("INSERT INTO samples (source, provider, kind, family, rtt_us, at) VALUES (?, ?, ?, ?, ?, ?)");
    this.select = db.prepare(`SELECT * FROM samples WHERE (@source IS NULL OR source = @source)
      AND (@provider IS NULL OR provider = @provider) AND at >= @since ORDER BY id LIMIT @limit`);
    this.deleteChunk = db.prepare("DELETE FROM samples WHERE id IN (SELECT id FROM samples WHERE at < ? ORDER BY at LIMIT ?)");
    this.countAll = db.prepare("SELECT count(*) AS n FROM samples");
  }

  /** Must run inside a transaction: ids are contiguous only because no other writer interleaves. */
  insertMany(batch: readonly SampleInput[]): Omit<CommittedBatch, "commitMs"> {
    let firstId = 0;
    let lastId = 0;
    for (const s of batch) {
      if (!isProbeKind(s.kind)) throw new StorageError("BAD_INPUT", `bad probe kind ${String(s.kind)}`);
      const rtt = s.rttUs === null ? null : Math.round(s.rttUs);
      const id = Number(
        this.insert.run(canonicalAddress(s.source).address, s.provider, s.kind, s.family, rtt, Math.round(s.at)).lastInsertRowid,
      );
      if (firstId === 0) firstId = id;
      lastId = id;
    }
    return { firstId, lastId, count: batch.length };
  }

  list(q: SampleQuery = {}): Sample[] {
    const source = q.source === undefined ? null : canonicalAddress(q.source).address;
    return this.select.all({ source, provider: q.provider ?? null, since: q.since ?? 0, limit: q.limit ?? -1 }).map(sampleFromRow);
  }

  count(): number {
    return this.countAll.get()!.n;
  }

  /**
   * Retention: deletes samples older than `before` in chunks, each its own short transaction,
   * so the responder's readers and the worker's writes are never stalled behind one huge delete.
   */
  deleteBefore(before: number, chunk = 5000, maxChunks = 10_000): number {
    let total = 0;
    for (let i = 0; i < maxChunks; i++) {
      const n = this.deleteChunk.run(before, chunk).changes;
      total += n;
      if (n < chunk) break;
    }
    return total;
  }
}

/** A samples row as a Sample (its kind checked). */
export function sampleFromRow(r: SampleRow): Sample {
  return { id: r.id, source: r.source, provider: r.provider, kind: probeKindOf(r), family: r.family as 4 | 6, rttUs: r.rtt_us, at: r.at };
}

/** The kind column as a ProbeKind (its CHECK constraint allows only those; a changed schema would not). */
function probeKindOf(r: SampleRow): ProbeKind {
  if (isProbeKind(r.kind)) return r.kind;
  throw new StorageError("CORRUPT_ROW", `sample ${r.id}: unknown probe kind ${JSON.stringify(r.kind)}`);
}
