import { canonicalAddress, checkPrefixLength, type Source, type SourceInput, type SourceQuery, StorageError } from "@dnsteer/storage";
import type pg from "pg";
import { chunks, inTransaction, type Queryable } from "./db.js";

interface SourceRow {
  family: number;
  address: string;
  prefix_length: number;
  aggregate_address: string | null;
  aggregate_prefix_length: number | null;
  rate: number;
  queries: number;
  group_counts: Record<string, number>;
  first_seen: number;
  last_seen: number;
  ecs: boolean;
  updated_at: number;
}

const REPORT = `INSERT INTO source_demand (responder, address, prefix_length, family, aggregate_address,
    aggregate_prefix_length, rate, queries, group_counts, first_seen, last_seen, ecs, updated_at)
  SELECT $1, d.* , $13 FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::int[], $7::float8[], $8::int8[],
    $9::jsonb[], $10::int8[], $11::int8[], $12::bool[]) AS d
  ON CONFLICT (address, prefix_length, responder) DO UPDATE SET aggregate_address = excluded.aggregate_address,
    aggregate_prefix_length = excluded.aggregate_prefix_length, rate = excluded.rate, queries = excluded.queries,
    group_counts = excluded.group_counts, first_seen = least(source_demand.first_seen, excluded.first_seen),
    last_seen = greatest(source_demand.last_seen, excluded.last_seen), ecs = excluded.ecs, updated_at = excluded.updated_at`;

/**
 * Rewrites `sources` for the given keys from every responder's latest report: sums of rate,
 * queries and group counts, earliest first seen, latest last seen, ECS if any, the aggregate of
 * the latest report (ties: the first responder by name), as @dnsteer/storage's mergeDemand.
 */
const MERGE = `INSERT INTO sources (family, address, prefix_length, aggregate_address, aggregate_prefix_length,
    rate, queries, group_counts, first_seen, last_seen, ecs, updated_at)
  SELECT min(d.family), d.address, d.prefix_length,
    (array_agg(d.aggregate_address ORDER BY d.last_seen DESC, d.responder COLLATE "C"))[1],
    (array_agg(d.aggregate_prefix_length ORDER BY d.last_seen DESC, d.responder COLLATE "C"))[1],
    sum(d.rate), sum(d.queries),
    (SELECT coalesce(jsonb_object_agg(g.key, g.total), '{}') FROM (SELECT e.key, sum(e.value::float8) AS total
       FROM source_demand d2, jsonb_each_text(d2.group_counts) e
       WHERE d2.address = d.address AND d2.prefix_length = d.prefix_length GROUP BY e.key) g),
    min(d.first_seen), max(d.last_seen), bool_or(d.ecs), $3
  FROM source_demand d JOIN unnest($1::text[], $2::int[]) AS k (address, prefix_length)
    ON d.address = k.address AND d.prefix_length = k.prefix_length
  GROUP BY d.address, d.prefix_length
  ON CONFLICT (address, prefix_length) DO UPDATE SET aggregate_address = excluded.aggregate_address,
    aggregate_prefix_length = excluded.aggregate_prefix_length, rate = excluded.rate, queries = excluded.queries,
    group_counts = excluded.group_counts, first_seen = least(sources.first_seen, excluded.first_seen),
    last_seen = greatest(sources.last_seen, excluded.last_seen), ecs = excluded.ecs, updated_at = excluded.updated_at`;

/**
 * Demand writes take this transaction-level advisory lock: a merge reads every responder's rows,
 * and two reports merging the same source at once would each miss the other's uncommitted share
 * (the later upsert would overwrite the earlier sum). Reports are a few per minute per responder.
 */
const DEMAND_LOCK = "7236966412873491801";

/** One responder's batch and the merge of the sources it touched, in one transaction. */
export async function reportDemand(pool: pg.Pool, responder: string, batch: readonly SourceInput[], now: number): Promise<number> {
  checkName("responder", responder);
  // One row per source (the last wins): ON CONFLICT may not touch a row twice in one statement.
  const rows = [...new Map(batch.map((s) => toRow(s)).map((r) => [r.address + "/" + r.prefixLength, r])).values()];
  await inTransaction(pool, async (c) => {
    await c.query("SELECT pg_advisory_xact_lock($1::bigint)", [DEMAND_LOCK]);
    for (const part of chunks(rows)) {
      await c.query(REPORT, [
        responder,
        part.map((r) => r.address),
        part.map((r) => r.prefixLength),
        part.map((r) => r.family),
        part.map((r) => r.aggregateAddress),
        part.map((r) => r.aggregatePrefixLength),
        part.map((r) => r.rate),
        part.map((r) => r.queries),
        part.map((r) => JSON.stringify(r.groupCounts)),
        part.map((r) => r.firstSeen),
        part.map((r) => r.lastSeen),
        part.map((r) => r.ecs),
        now,
      ]);
      await merge(c, part, now);
    }
  });
  return batch.length;
}

async function merge(c: Queryable, keys: readonly { address: string; prefixLength: number }[], now: number): Promise<void> {
  await c.query(MERGE, [keys.map((k) => k.address), keys.map((k) => k.prefixLength), now]);
}

export async function listSources(db: Queryable, q: SourceQuery = {}): Promise<Source[]> {
  const rows = await db.query<SourceRow>(`SELECT * FROM sources WHERE last_seen >= $1 ORDER BY rate DESC, address COLLATE "C" LIMIT $2`, [
    q.seenSince ?? 0,
    q.limit === undefined || q.limit < 0 ? null : q.limit,
  ]);
  return rows.rows.map(fromRow);
}

/** Forgets demand not seen since `time`, re-merges the sources other responders still report, deletes the rest. */
export async function forgetSources(pool: pg.Pool, time: number, now: number): Promise<number> {
  return inTransaction(pool, async (c) => {
    await c.query("SELECT pg_advisory_xact_lock($1::bigint)", [DEMAND_LOCK]);
    const gone = await c.query<{ address: string; prefix_length: number }>(
      `WITH gone AS (DELETE FROM source_demand WHERE last_seen < $1 RETURNING address, prefix_length)
       SELECT DISTINCT address, prefix_length FROM gone`,
      [time],
    );
    for (const part of chunks(gone.rows))
      await merge(
        c,
        part.map((r) => ({ address: r.address, prefixLength: r.prefix_length })),
        now,
      );
    return (await c.query("DELETE FROM sources WHERE last_seen < $1", [time])).rowCount ?? 0;
  });
}

function toRow(s: SourceInput) {
  const { address, family } = canonicalAddress(s.address);
  checkPrefixLength(family, s.prefixLength);
  const aggregateAddress = s.aggregateAddress === null ? null : canonicalAddress(s.aggregateAddress).address;
  if (s.aggregatePrefixLength !== null) checkPrefixLength(family, s.aggregatePrefixLength);
  return { ...s, address, family, aggregateAddress };
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
    groupCounts: r.group_counts,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    ecs: r.ecs,
    updatedAt: r.updated_at,
  };
}

export function checkName(what: string, name: string): void {
  if (typeof name !== "string" || name.length === 0 || name.length > 200) {
    throw new StorageError("BAD_INPUT", `${what} must be a name of 1 to 200 characters, not ${JSON.stringify(name)}`);
  }
}
