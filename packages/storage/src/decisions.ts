import type { Decision, DecisionRoute, StoredDecision } from "@dnsteer/model";
import { NetError, prefixKey, splitPrefixKey } from "@dnsteer/net";
import type Database from "better-sqlite3";
import { canonicalAddress, checkPrefixLength } from "./address.js";
import { decodeDecision, decodeState, encodeReason } from "./decision-json.js";
import { StorageError } from "./errors.js";

interface DecisionRow {
  prefix: string;
  prefix_length: number;
  provider: string;
  reason: string;
  decided_at: number;
}
interface RouteRow {
  prefix: string;
  prefix_length: number;
  provider: string;
}
interface StateRow {
  prefix: string;
  prefix_length: number;
  provider: string;
  state: string | null;
  decided_at: number;
}

/** Decision route changes since a point of the log (DecisionRepo.routeChangesAfter, migration 11). */
export interface RouteChanges {
  complete: boolean;
  lastSeq: number;
  /** In order; provider null = deleted. */
  changes: Array<{ prefix: string; prefixLength: number; provider: string | null }>;
}

/** What the controller reads back each evaluation: who has which provider, its hysteresis state, since when. */
export type DecisionState = Pick<StoredDecision, "source" | "provider" | "state" | "decidedAt">;

/**
 * The current steering decision per source prefix (issue 5); one row per prefix. Rows are
 * checked against @dnsteer/model's schema on the way in and on the way out: a batch with a bad
 * decision writes nothing, and a row that does not read back as a decision (an older layout, a
 * hand edit) is never handed on as one.
 */
export class DecisionRepo {
  private readonly upsert: Database.Statement<[string, number, string, string, number]>;
  private readonly all: Database.Statement<[], DecisionRow>;
  private readonly one: Database.Statement<[string, number], DecisionRow>;
  private readonly allRoutes: Database.Statement<[], RouteRow>;
  private readonly routeLines: Database.Statement<[string, number, number], { lines: string | null; n: number }>;
  private readonly countRows: Database.Statement<[], { n: number }>;
  private readonly allStates: Database.Statement<[], StateRow>;
  private readonly unsettledRows: Database.Statement<[], { prefix: string; prefix_length: number }>;
  private readonly remove: Database.Statement<[string, number]>;
  private readonly version: Database.Statement<[], { value: number }>;
  /** The route change log's statements (migration 11), prepared on first use: a read-only open of an older file still works. */
  private log?: {
    bounds: Database.Statement<[], { first: number | null; last: number | null }>;
    after: Database.Statement<[number, number], { seq: number; prefix: string; prefix_length: number; provider: string | null }>;
  };

  /** `onCorrupt` hears of each row `list` skips. */
  constructor(
    private readonly db: Database.Database,
    private readonly onCorrupt: (message: string) => void,
  ) {
    this.upsert = db.prepare(`INSERT INTO decisions (prefix, prefix_length, provider, reason, decided_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (prefix, prefix_length) DO UPDATE SET provider = excluded.provider,
      reason = excluded.reason, decided_at = excluded.decided_at`);
    this.all = db.prepare("SELECT * FROM decisions ORDER BY prefix, prefix_length");
    this.one = db.prepare("SELECT * FROM decisions WHERE prefix = ? AND prefix_length = ?");
    this.allRoutes = db.prepare("SELECT prefix, prefix_length, provider FROM decisions");
    // Keyset pages in index order (decisions_routes covers them: migration 10).
    this.routeLines = db.prepare(`SELECT group_concat(line, char(10)) AS lines, count(*) AS n FROM (
      SELECT prefix || ' ' || prefix_length || ' ' || provider AS line FROM decisions
      WHERE (prefix, prefix_length) > (?, ?) ORDER BY prefix, prefix_length LIMIT ?)`);
    this.countRows = db.prepare("SELECT count(*) AS n FROM decisions");
    // "->" yields the state as JSON text (NULL when absent); a reason that is not JSON is read as no state.
    this.allStates = db.prepare(`SELECT prefix, prefix_length, provider,
      CASE WHEN json_valid(reason) THEN reason -> '$.state' END AS state, decided_at FROM decisions`);
    // The WHERE is the decisions_unsettled index's own (migration 5), so this reads the index only.
    this.unsettledRows = db.prepare(`SELECT prefix, prefix_length FROM decisions
      WHERE (CASE WHEN json_valid(reason) THEN reason ->> '$.state.settled' END) IS NOT 1`);
    this.remove = db.prepare("DELETE FROM decisions WHERE prefix = ? AND prefix_length = ?");
    this.version = db.prepare("SELECT value FROM change_counters WHERE name = 'decisions'");
  }

  private routeLog(): NonNullable<DecisionRepo["log"]> {
    this.log ??= {
      bounds: this.db.prepare("SELECT min(seq) AS first, max(seq) AS last FROM decision_route_log"),
      after: this.db.prepare("SELECT seq, prefix, prefix_length, provider FROM decision_route_log WHERE seq > ? ORDER BY seq LIMIT ?"),
    };
    return this.log;
  }

  /**
   * The route changes logged after `afterSeq` (migration 11), at most `limit`: `complete` false
   * when the log no longer reaches back to `afterSeq` (trimmed) or holds more than `limit`
   * (the caller rebuilds from the table then). `lastSeq` is where the next call starts.
   */
  routeChangesAfter(afterSeq: number, limit: number): RouteChanges {
    const { first, last } = this.routeLog().bounds.get()!;
    const lastSeq = last ?? 0;
    if (lastSeq <= afterSeq) return { complete: true, lastSeq: Math.max(lastSeq, afterSeq), changes: [] };
    if (first === null || first > afterSeq + 1) return { complete: false, lastSeq, changes: [] };
    const rows = this.routeLog().after.all(afterSeq, limit + 1);
    if (rows.length > limit) return { complete: false, lastSeq, changes: [] };
    return {
      complete: true,
      lastSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : afterSeq,
      changes: rows.map((r) => ({ prefix: r.prefix, prefixLength: r.prefix_length, provider: r.provider })),
    };
  }

  /** The newest route change's seq (0: none logged): a full read in the same transaction is as of it. */
  routeLogEnd(): number {
    return this.routeLog().bounds.get()!.last ?? 0;
  }

  /** Writes (or replaces) each decision's row, all in one transaction, stamped `decidedAt`. */
  put(batch: readonly Decision[], decidedAt: number): void {
    this.db
      .transaction(() => {
        for (const d of batch) {
          const [prefix, prefixLength] = sourceColumns(d.source);
          try {
            this.upsert.run(prefix, prefixLength, d.provider, encodeReason(d), decidedAt);
          } catch (err) {
            if (err instanceof Error && "code" in err && err.code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
              throw new StorageError("UNKNOWN_PROVIDER", `no provider named ${JSON.stringify(d.provider)}`, { cause: err });
            }
            throw err;
          }
        }
      })
      .immediate();
  }

  /** Every decision that reads back; each row that does not is reported to `onCorrupt` and left out. */
  list(): StoredDecision[] {
    const out: StoredDecision[] = [];
    for (const row of this.all.iterate()) {
      const d = fromRow(row);
      if (typeof d === "string") this.onCorrupt(d);
      else out.push(d);
    }
    return out;
  }

  /** The decision for one source prefix; a row that does not read back is `CORRUPT_ROW`. */
  get(prefix: string, prefixLength: number): StoredDecision | undefined {
    const row = this.one.get(canonicalAddress(prefix).address, prefixLength);
    if (row === undefined) return undefined;
    const d = fromRow(row);
    if (typeof d === "string") throw new StorageError("CORRUPT_ROW", d);
    return d;
  }

  /**
   * Every decision's provider, hysteresis state and time, the verdicts left unread (they are most
   * of a row); a row whose state does not read back is reported and left out, as by `list`.
   */
  states(): DecisionState[] {
    const out: DecisionState[] = [];
    for (const r of this.allStates.iterate()) {
      const source = prefixKey(r.prefix, r.prefix_length);
      const state = decodeState(r.state);
      if (typeof state === "string") this.onCorrupt(`decision ${source} is unreadable: ${state}`);
      else out.push({ source, provider: r.provider, state, decidedAt: r.decided_at });
    }
    return out;
  }

  /** Sources ("prefix/length") whose decision's state is not settled (or unreadable): an index scan. */
  unsettled(): string[] {
    return this.unsettledRows.all().map((r) => prefixKey(r.prefix, r.prefix_length));
  }

  /** Prefix and provider of every row, reasons unread: what the responder's decision map needs. */
  routes(): DecisionRoute[] {
    return this.allRoutes.all().map((r) => ({ prefix: r.prefix, prefixLength: r.prefix_length, provider: r.provider }));
  }

  /**
   * The same rows as `routes`, as text: pages of "prefix length provider" lines joined by "\n"
   * (up to `pageRows` each). The refresh thread reads 1M rows per rebuild; one string per page
   * built by SQLite costs half of a row-by-row read and no object per row.
   */
  routePages(visit: (lines: string) => void, pageRows = 200_000): void {
    let after: [string, number] = ["", -1];
    for (;;) {
      const page = this.routeLines.get(after[0], after[1], pageRows)!;
      if (page.lines === null) return;
      visit(page.lines);
      if (page.n < pageRows) return;
      const last = page.lines.slice(page.lines.lastIndexOf("\n") + 1).split(" ");
      after = [last[0]!, Number(last[1])];
    }
  }

  routeCount(): number {
    return this.countRows.get()!.n;
  }

  delete(prefix: string, prefixLength: number): boolean {
    return this.remove.run(canonicalAddress(prefix).address, prefixLength).changes > 0;
  }

  /** Bumped by a trigger on every insert/update/delete: a one-row read for pollers. */
  currentVersion(): number {
    return this.version.get()!.value;
  }
}

/** A decision's source key ("192.0.2.0/24") as the prefix and prefix_length columns, checked. */
function sourceColumns(source: string): [string, number] {
  let parts: [string, number];
  try {
    parts = splitPrefixKey(source);
  } catch (err) {
    if (err instanceof NetError) throw new StorageError("BAD_INPUT", `decision source: ${err.message}`, { cause: err });
    throw err;
  }
  const { address, family } = canonicalAddress(parts[0]);
  checkPrefixLength(family, parts[1]);
  return [address, parts[1]];
}

function fromRow(r: DecisionRow): StoredDecision | string {
  const source = prefixKey(r.prefix, r.prefix_length);
  const d = decodeDecision(source, r.provider, r.reason, r.decided_at);
  return typeof d === "string" ? `decision ${source} is unreadable: ${d}` : d;
}
