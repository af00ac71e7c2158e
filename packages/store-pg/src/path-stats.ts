import { isProbeKind, type ProbeKind } from "@dnsteer/model";
import { canonicalAddress, type PathStat, type PathStatQuery, StorageError } from "@dnsteer/storage";
import type pg from "pg";
import { chunks, type Queryable } from "./db.js";

interface PathStatRow {
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
  window: (number | null)[];
  updated_at: number;
}

const UPSERT = `INSERT INTO path_kind_stats (prefix, prefix_length, provider, kind, ewma_rtt_us, median_rtt_us, loss_ratio,
    jitter_us, sample_count, last_rtt_us, "window", window_length, updated_at)
  SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[],
    $8::float8[], $9::int[], $10::int[], $11::jsonb[], $12::int[], $13::int8[])
  ON CONFLICT (prefix, prefix_length, provider, kind) DO UPDATE SET ewma_rtt_us = excluded.ewma_rtt_us,
    median_rtt_us = excluded.median_rtt_us, loss_ratio = excluded.loss_ratio, jitter_us = excluded.jitter_us,
    sample_count = excluded.sample_count, last_rtt_us = excluded.last_rtt_us, "window" = excluded."window",
    window_length = excluded.window_length, updated_at = excluded.updated_at`;

/** Inside the caller's transaction (with the samples they came from). */
export async function upsertPathStats(c: pg.PoolClient, stats: readonly PathStat[]): Promise<void> {
  const byKey = new Map<string, PathStat>();
  for (const s of stats) {
    if (!isProbeKind(s.kind)) throw new StorageError("BAD_INPUT", `path aggregate kind must be icmp, tcp or dns, not ${String(s.kind)}`);
    const prefix = canonicalAddress(s.prefix).address;
    byKey.set(`${prefix}/${s.prefixLength}/${s.provider}/${s.kind}`, { ...s, prefix });
  }
  for (const part of chunks([...byKey.values()])) {
    await c.query(UPSERT, [
      part.map((s) => s.prefix),
      part.map((s) => s.prefixLength),
      part.map((s) => s.provider),
      part.map((s) => s.kind),
      part.map((s) => s.ewmaRttUs),
      part.map((s) => s.medianRttUs),
      part.map((s) => s.lossRatio),
      part.map((s) => s.jitterUs),
      part.map((s) => s.sampleCount),
      part.map((s) => (s.lastRttUs === null ? null : Math.round(s.lastRttUs))),
      part.map((s) => JSON.stringify(s.window)),
      part.map((s) => s.window.length),
      part.map((s) => Math.round(s.updatedAt)),
    ]);
  }
}

/** From the `path_stats` view (one kind per path) or, with `kinds`, every kind. */
export async function listPathStats(db: Queryable, q: PathStatQuery = {}, kinds = false): Promise<PathStat[]> {
  const table = kinds ? "path_kind_stats" : "path_stats";
  const order = kinds
    ? `prefix COLLATE "C", prefix_length, provider COLLATE "C", kind`
    : `prefix COLLATE "C", prefix_length, provider COLLATE "C"`;
  const rows = await db.query<PathStatRow>(
    `SELECT * FROM ${table} WHERE ($1::text IS NULL OR provider = $1) AND ($2::text IS NULL OR prefix = $2)
      AND ($3::int IS NULL OR prefix_length = $3) ORDER BY ${order}`,
    [q.provider ?? null, q.prefix === undefined ? null : canonicalAddress(q.prefix).address, q.prefixLength ?? null],
  );
  return rows.rows.map(fromRow);
}

function fromRow(r: PathStatRow): PathStat {
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
    window: r.window,
    updatedAt: r.updated_at,
  };
}
