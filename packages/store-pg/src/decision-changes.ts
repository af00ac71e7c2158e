import { prefixKey } from "@dnsteer/net";
import type { DecisionChanges } from "@dnsteer/storage";
import type pg from "pg";
import { inTransaction, type Queryable } from "./db.js";

import { DECISION_COLUMNS as COLUMNS, decodeDecisionRows as decode, type DecisionRow as Row } from "./decision-rows.js";

/**
 * The decisions changed since version `since`, read in one REPEATABLE READ snapshot with the
 * version they bring the reader to. Whatever committed after the reader's last snapshot was
 * stamped above its version (the counter row's lock orders writers by commit, see step 012),
 * so `changed_version > since` misses nothing. Everything (`full`) when `since` is unknown
 * (negative), below the tombstone floor (deletes since then may be pruned) or above the
 * database's version (another database, or one restored from a backup).
 */
export async function decisionChanges(pool: pg.Pool, since: number, onCorrupt: (message: string) => void): Promise<DecisionChanges> {
  return inTransaction(
    pool,
    async (c) => {
      const head = (
        await c.query<{ version: number; floor: number }>(
          `SELECT (SELECT value FROM change_counters WHERE name = 'decisions') AS version,
            (SELECT version FROM decision_change_floor WHERE id = 1) AS floor`,
        )
      ).rows[0]!;
      const full = since < 0 || since < head.floor || since > head.version;
      if (full) {
        const rows = await c.query<Row>(`SELECT ${COLUMNS} FROM decisions`);
        return { version: head.version, full, upserts: decode(rows.rows, onCorrupt), deletes: [] };
      }
      if (since === head.version) return { version: since, full, upserts: [], deletes: [] };
      const rows = await c.query<Row>(`SELECT ${COLUMNS} FROM decisions WHERE changed_version > $1`, [since]);
      // A source deleted and written again since is an upsert only.
      const gone = await c.query<{ prefix: string; prefix_length: number }>(
        `SELECT t.prefix, t.prefix_length FROM decision_tombstones t WHERE t.version > $1
          AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.prefix = t.prefix AND d.prefix_length = t.prefix_length)`,
        [since],
      );
      return {
        version: head.version,
        full,
        upserts: decode(rows.rows, onCorrupt),
        deletes: gone.rows.map((r) => prefixKey(r.prefix, r.prefix_length)),
      };
    },
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  );
}

/**
 * Forgets tombstones of deletes before `before` (ms) and raises the floor to the highest version
 * forgotten, in the caller's transaction: a reader still below it reads everything next time.
 * Returns how many were forgotten.
 */
export async function pruneTombstones(db: Queryable, before: number): Promise<number> {
  const res = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM decision_tombstones WHERE deleted_at < $1 RETURNING version),
      raised AS (UPDATE decision_change_floor SET version = GREATEST(version, (SELECT max(version) FROM gone))
        WHERE id = 1 AND EXISTS (SELECT 1 FROM gone))
      SELECT count(*)::int AS n FROM gone`,
    [before],
  );
  return res.rows[0]!.n;
}
