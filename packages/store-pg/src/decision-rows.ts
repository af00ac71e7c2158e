import { prefixKey } from "@dnsteer/net";
import { decodeDecision, type StoredDecision } from "@dnsteer/storage";

/** A decisions row as the queries here select it (reason as text). */
export interface DecisionRow {
  prefix: string;
  prefix_length: number;
  provider: string;
  reason: string;
  decided_at: number;
}

/** The select list that reads a `DecisionRow`. */
export const DECISION_COLUMNS = "prefix, prefix_length, provider, reason::text AS reason, decided_at";

/** Rows as decisions; each row that does not read back is reported to `onCorrupt` and left out (as SQLite's store does). */
export function decodeDecisionRows(rows: readonly DecisionRow[], onCorrupt: (message: string) => void): StoredDecision[] {
  const out: StoredDecision[] = [];
  for (const r of rows) {
    const source = prefixKey(r.prefix, r.prefix_length);
    const d = decodeDecision(source, r.provider, r.reason, r.decided_at);
    if (typeof d === "string") onCorrupt(`decision ${source} is unreadable: ${d}`);
    else out.push(d);
  }
  return out;
}
