import { prefixKey } from "@dnsteer/net";
import { decodeDecision, type StoredDecision } from "@dnsteer/storage";
import type { Queryable } from "./db.js";

/**
 * The decisions whose state is not settled, in full. The WHERE is the decisions_unsettled
 * index's own (step 005, SQLite's migration 5 predicate: a state without `settled: true`), so
 * the planner reads that partial index; a row that does not read back goes to `onCorrupt`.
 */
export async function listUnsettledDecisions(db: Queryable, onCorrupt: (message: string) => void): Promise<StoredDecision[]> {
  const rows = await db.query<{ prefix: string; prefix_length: number; provider: string; reason: string; decided_at: number }>(
    `SELECT prefix, prefix_length, provider, reason::text AS reason, decided_at FROM decisions
      WHERE (reason #> '{state,settled}') IS DISTINCT FROM 'true'::jsonb`,
  );
  const out: StoredDecision[] = [];
  for (const r of rows.rows) {
    const source = prefixKey(r.prefix, r.prefix_length);
    const d = decodeDecision(source, r.provider, r.reason, r.decided_at);
    if (typeof d === "string") onCorrupt(`decision ${source} is unreadable: ${d}`);
    else out.push(d);
  }
  return out;
}
