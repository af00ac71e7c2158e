import type Database from "better-sqlite3";
import { canonicalAddress, checkPrefixLength } from "./address.js";
import { StorageError } from "./errors.js";
import type { Decision } from "./types.js";

interface DecisionRow { prefix: string; prefix_length: number; provider: string; reason: string; decided_at: number }

/** The current steering decision per source prefix (issue 5); one row per prefix. */
export class DecisionRepo {
  private readonly upsert: Database.Statement;
  private readonly all: Database.Statement<[], DecisionRow>;
  private readonly one: Database.Statement<[string, number], DecisionRow>;
  private readonly remove: Database.Statement<[string, number]>;
  private readonly version: Database.Statement<[], { value: number }>;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO decisions (prefix, prefix_length, provider, reason, decided_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (prefix, prefix_length) DO UPDATE SET provider = excluded.provider,
      reason = excluded.reason, decided_at = excluded.decided_at`);
    this.all = db.prepare("SELECT * FROM decisions ORDER BY prefix, prefix_length");
    this.one = db.prepare("SELECT * FROM decisions WHERE prefix = ? AND prefix_length = ?");
    this.remove = db.prepare("DELETE FROM decisions WHERE prefix = ? AND prefix_length = ?");
    this.version = db.prepare("SELECT value FROM change_counters WHERE name = 'decisions'");
  }

  put(batch: readonly Decision[]): void {
    this.db.transaction(() => {
      for (const d of batch) {
        const { address, family } = canonicalAddress(d.prefix);
        checkPrefixLength(family, d.prefixLength);
        try {
          this.upsert.run(address, d.prefixLength, d.provider, JSON.stringify(d.reason), d.decidedAt);
        } catch (err) {
          if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
            throw new StorageError("UNKNOWN_PROVIDER", `no provider named ${JSON.stringify(d.provider)}`, { cause: err });
          }
          throw err;
        }
      }
    }).immediate();
  }

  list(): Decision[] {
    return this.all.all().map(fromRow);
  }

  get(prefix: string, prefixLength: number): Decision | undefined {
    const row = this.one.get(canonicalAddress(prefix).address, prefixLength);
    return row && fromRow(row);
  }

  delete(prefix: string, prefixLength: number): boolean {
    return this.remove.run(canonicalAddress(prefix).address, prefixLength).changes > 0;
  }

  /** Bumped by a trigger on every insert/update/delete: a one-row read for pollers. */
  currentVersion(): number {
    return this.version.get()!.value;
  }
}

function fromRow(r: DecisionRow): Decision {
  return { prefix: r.prefix, prefixLength: r.prefix_length, provider: r.provider,
    reason: JSON.parse(r.reason) as Record<string, unknown>, decidedAt: r.decided_at };
}
