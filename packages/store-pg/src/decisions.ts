import { prefixKey, splitPrefixKey } from "@dnsteer/net";
import {
  canonicalAddress,
  checkPrefixLength,
  type Decision,
  type DecisionMap,
  type DecisionState,
  decodeState,
  encodeReason,
  type LeaderFence,
  StorageError,
  type StoredDecision,
} from "@dnsteer/storage";
import type pg from "pg";
import { chunks, inTransaction, type Queryable, sqlState } from "./db.js";
import { pruneTombstones } from "./decision-changes.js";
import { DECISION_COLUMNS, type DecisionRow, decodeDecisionRows } from "./decision-rows.js";

const UPSERT = `INSERT INTO decisions (prefix, prefix_length, provider, reason, decided_at)
  SELECT d.prefix, d.prefix_length, d.provider, d.reason, $5 FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[])
    AS d (prefix, prefix_length, provider, reason)
  ON CONFLICT (prefix, prefix_length) DO UPDATE SET provider = excluded.provider, reason = excluded.reason,
    decided_at = excluded.decided_at`;

const VERSION = "SELECT value FROM change_counters WHERE name = 'decisions'";

/**
 * A fenced write goes on only while its epoch is the election's latest; FOR SHARE holds the row
 * until this transaction ends, so a new leader's term (which bumps it) starts after, not during.
 */
async function checkFence(c: pg.PoolClient, fence: LeaderFence | undefined): Promise<void> {
  if (!fence) return;
  const row = (await c.query<{ epoch: number }>("SELECT epoch FROM leader_epochs WHERE name = $1 FOR SHARE", [fence.name])).rows[0];
  if (row?.epoch === fence.epoch) return;
  throw new StorageError(
    "FENCED",
    `the ${fence.name} leader of term ${fence.epoch} was deposed (term now ${row?.epoch ?? "none"}): its write is refused, nothing written`,
  );
}

/**
 * One transaction: every decision checked first (a bad one writes nothing), the fence checked
 * (a deposed leader's write is FENCED), then written a chunk per statement; returns the map
 * version it committed (the counter its triggers bumped).
 */
export async function writeDecisions(pool: pg.Pool, batch: readonly Decision[], decidedAt: number, fence?: LeaderFence): Promise<number> {
  const rows = new Map<string, { prefix: string; prefixLength: number; provider: string; reason: string }>();
  for (const d of batch) {
    const [prefix, prefixLength] = sourceColumns(d.source);
    rows.set(`${prefix}/${prefixLength}`, { prefix, prefixLength, provider: d.provider, reason: encodeReason(d) });
  }
  return inTransaction(pool, async (c) => {
    await checkFence(c, fence);
    for (const part of chunks([...rows.values()])) {
      try {
        await c.query(UPSERT, [
          part.map((r) => r.prefix),
          part.map((r) => r.prefixLength),
          part.map((r) => r.provider),
          part.map((r) => r.reason),
          decidedAt,
        ]);
      } catch (err) {
        if (sqlState(err) === "23503")
          throw new StorageError("UNKNOWN_PROVIDER", `a decision names no known provider: ${String(err)}`, { cause: err });
        throw err;
      }
    }
    return (await c.query<{ value: number }>(VERSION)).rows[0]!.value;
  });
}

/** Every decision that reads back; each row that does not is reported and left out (as SQLite's). */
export async function listDecisions(db: Queryable, onCorrupt: (message: string) => void): Promise<StoredDecision[]> {
  const rows = await db.query<DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM decisions ORDER BY prefix COLLATE "C", prefix_length`);
  return decodeDecisionRows(rows.rows, onCorrupt);
}

/** Every decision's provider, hysteresis state and time, verdicts unread; a state that does not read back is reported and left out. */
export async function listDecisionStates(db: Queryable, onCorrupt: (message: string) => void): Promise<DecisionState[]> {
  const rows = await db.query<{ prefix: string; prefix_length: number; provider: string; state: string | null; decided_at: number }>(
    "SELECT prefix, prefix_length, provider, (reason -> 'state')::text AS state, decided_at FROM decisions",
  );
  const out: DecisionState[] = [];
  for (const r of rows.rows) {
    const source = prefixKey(r.prefix, r.prefix_length);
    const state = decodeState(r.state);
    if (typeof state === "string") onCorrupt(`decision ${source} is unreadable: ${state}`);
    else out.push({ source, provider: r.provider, state, decidedAt: r.decided_at });
  }
  return out;
}

/**
 * One transaction; a bad source deletes nothing (BAD_INPUT); returns the map version after it.
 * Each deleted row leaves a tombstone (step 012); those of deletes before `pruneBefore` (ms) are
 * forgotten in the same transaction (deletes are where they grow).
 */
export async function deleteDecisions(
  pool: pg.Pool,
  sources: readonly string[],
  fence?: LeaderFence,
  pruneBefore?: number,
): Promise<number> {
  const keys = sources.map(sourceColumns);
  return inTransaction(pool, async (c) => {
    await checkFence(c, fence);
    for (const part of chunks(keys)) {
      await c.query(
        `DELETE FROM decisions d USING unnest($1::text[], $2::int[]) AS x (prefix, prefix_length)
          WHERE d.prefix = x.prefix AND d.prefix_length = x.prefix_length`,
        [part.map((k) => k[0]), part.map((k) => k[1])],
      );
    }
    if (pruneBefore !== undefined) await pruneTombstones(c, pruneBefore);
    return (await c.query<{ value: number }>(VERSION)).rows[0]!.value;
  });
}

/** Routes and version in one REPEATABLE READ snapshot: the version is the routes'. */
export async function readDecisionMap(pool: pg.Pool): Promise<DecisionMap> {
  return inTransaction(
    pool,
    async (c) => {
      const version = (await c.query<{ value: number }>(VERSION)).rows[0]!.value;
      const routes = await c.query<{ prefix: string; prefix_length: number; provider: string }>(
        "SELECT prefix, prefix_length, provider FROM decisions",
      );
      return { version, routes: routes.rows.map((r) => ({ prefix: r.prefix, prefixLength: r.prefix_length, provider: r.provider })) };
    },
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  );
}

export async function mapVersion(db: Queryable): Promise<number> {
  return (await db.query<{ value: number }>(VERSION)).rows[0]!.value;
}

function sourceColumns(source: string): [string, number] {
  let parts: [string, number];
  try {
    parts = splitPrefixKey(source);
  } catch (err) {
    throw new StorageError("BAD_INPUT", `decision source: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const { address, family } = canonicalAddress(parts[0]);
  checkPrefixLength(family, parts[1]);
  return [address, parts[1]];
}
