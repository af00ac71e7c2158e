import type Database from "better-sqlite3";

/**
 * Decision-policy settings set through the API, layered over the config file's policy. Kept as
 * the API validated them (JSON; `rttCeilingMs: null` means no ceiling). The worker reads the
 * row at each evaluation.
 */
export interface StoredPolicy {
  settings: Record<string, unknown>;
  updatedAt: number;
}

export class PolicySettingsRepo {
  private readonly one: Database.Statement<[], { settings: string; updated_at: number }>;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.remove = db.prepare("DELETE FROM policy_settings");
    this.one = db.prepare("SELECT settings, updated_at FROM policy_settings WHERE id = 1");
    this.upsert = db.prepare(`INSERT INTO policy_settings (id, settings, updated_at) VALUES (1, ?, ?)
      ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`);
  }

  get(): StoredPolicy | undefined {
    const row = this.one.get();
    return row && { settings: JSON.parse(row.settings) as Record<string, unknown>, updatedAt: row.updated_at };
  }

  put(settings: Record<string, unknown>, now: number): void {
    this.upsert.run(JSON.stringify(settings), now);
  }

  /** Back to the config file's policy alone (a site mirroring a shared database that holds none). */
  clear(): boolean {
    return this.remove.run().changes > 0;
  }
}
