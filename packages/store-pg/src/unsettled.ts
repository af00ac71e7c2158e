import type { StoredDecision } from "@dnsteer/storage";
import type { Queryable } from "./db.js";
import { DECISION_COLUMNS, type DecisionRow, decodeDecisionRows } from "./decision-rows.js";

/**
 * The decisions whose state is not settled, in full. The WHERE is the decisions_unsettled
 * index's own (step 005, SQLite's migration 5 predicate: a state without `settled: true`), so
 * the planner reads that partial index; a row that does not read back goes to `onCorrupt`.
 */
export async function listUnsettledDecisions(db: Queryable, onCorrupt: (message: string) => void): Promise<StoredDecision[]> {
  const rows = await db.query<DecisionRow>(
    `SELECT ${DECISION_COLUMNS} FROM decisions WHERE (reason #> '{state,settled}') IS DISTINCT FROM 'true'::jsonb`,
  );
  return decodeDecisionRows(rows.rows, onCorrupt);
}
