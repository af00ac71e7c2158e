import { isProbeKind } from "@dnsteer/model";
import { canonicalAddress, type SampleInput, type SiteSample, type SiteSampleQuery, StorageError } from "@dnsteer/storage";
import type pg from "pg";
import { chunks, type Queryable } from "./db.js";

interface SampleRow {
  id: number;
  site: string;
  source: string;
  provider: string;
  kind: string;
  family: number;
  rtt_us: number | null;
  at: number;
}

const INSERT = `INSERT INTO samples (site, source, provider, kind, family, rtt_us, at)
  SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int8[])`;

/** Raw samples of one probe site, inside the caller's transaction, a chunk per statement. */
export async function insertSamples(c: pg.PoolClient, site: string, batch: readonly SampleInput[]): Promise<number> {
  const rows = batch.map((s) => {
    if (!isProbeKind(s.kind)) throw new StorageError("BAD_INPUT", `bad probe kind ${String(s.kind)}`);
    if (s.family !== 4 && s.family !== 6) throw new StorageError("BAD_INPUT", `bad family ${String(s.family)}`);
    return { ...s, source: canonicalAddress(s.source).address, rttUs: s.rttUs === null ? null : Math.round(s.rttUs), at: Math.round(s.at) };
  });
  for (const part of chunks(rows)) {
    await c.query(INSERT, [
      site,
      part.map((s) => s.source),
      part.map((s) => s.provider),
      part.map((s) => s.kind),
      part.map((s) => s.family),
      part.map((s) => s.rttUs),
      part.map((s) => s.at),
    ]);
  }
  return rows.length;
}

export async function listSamples(db: Queryable, q: SiteSampleQuery = {}): Promise<SiteSample[]> {
  const source = q.source === undefined ? null : canonicalAddress(q.source).address;
  const rows = await db.query<SampleRow>(
    `SELECT * FROM samples WHERE ($1::text IS NULL OR site = $1) AND ($2::text IS NULL OR source = $2)
      AND ($3::text IS NULL OR provider = $3) AND at >= $4 ORDER BY id LIMIT $5`,
    [q.site ?? null, source, q.provider ?? null, q.since ?? 0, q.limit === undefined || q.limit < 0 ? null : q.limit],
  );
  return rows.rows.map((r) => {
    if (!isProbeKind(r.kind)) throw new StorageError("CORRUPT_ROW", `sample ${r.id}: unknown probe kind ${JSON.stringify(r.kind)}`);
    return {
      id: r.id,
      site: r.site,
      source: r.source,
      provider: r.provider,
      kind: r.kind,
      family: r.family as 4 | 6,
      rttUs: r.rtt_us,
      at: r.at,
    };
  });
}

export async function countSamples(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>("SELECT count(*) AS n FROM samples")).rows[0]!.n;
}

/** Retention in chunks, each its own short statement, so writers are never stalled behind one huge delete. */
export async function deleteSamplesBefore(pool: pg.Pool, before: number, chunk = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const n =
      (await pool.query("DELETE FROM samples WHERE id IN (SELECT id FROM samples WHERE at < $1 ORDER BY at LIMIT $2)", [before, chunk]))
        .rowCount ?? 0;
    total += n;
    if (n < chunk) return total;
  }
}
