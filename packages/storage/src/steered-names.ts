import type Database from "better-sqlite3";

/** A steered name changed through the API: added (with its group) or a configured one removed. */
export interface SteeredNameChange {
  name: string;
  group: number | null;
  state: "added" | "removed";
  updatedAt: number;
}

export interface SteeredNameInForce {
  name: string;
  group: number | null;
  origin: "config" | "api";
}

/**
 * The steered names in force: the config file's steering.names without those removed through
 * the API, then those added through it. Names compare case-insensitively, trailing dot or not.
 */
export function effectiveSteeredNames(
  configured: readonly { name: string; group?: number }[],
  changes: readonly SteeredNameChange[],
): SteeredNameInForce[] {
  const byName = new Map(changes.map((c) => [normalName(c.name), c]));
  const out: SteeredNameInForce[] = [];
  for (const n of configured) {
    const change = byName.get(normalName(n.name));
    if (change?.state === "removed") continue;
    if (change) continue; // re-added through the API: listed below with its own group
    out.push({ name: normalName(n.name), group: n.group ?? null, origin: "config" });
  }
  for (const c of changes) if (c.state === "added") out.push({ name: normalName(c.name), group: c.group, origin: "api" });
  return out;
}

export function normalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}

interface NameRow {
  name: string;
  grp: number | null;
  state: string;
  updated_at: number;
}

export class SteeredNameRepo {
  private readonly upsert: Database.Statement;
  private readonly all: Database.Statement<[], NameRow>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.remove = db.prepare("DELETE FROM steered_names WHERE name = ?");
    this.upsert = db.prepare(`INSERT INTO steered_names (name, grp, state, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET grp = excluded.grp, state = excluded.state, updated_at = excluded.updated_at`);
    this.all = db.prepare("SELECT * FROM steered_names ORDER BY name");
  }

  list(): SteeredNameChange[] {
    return this.all
      .all()
      .map((r) => ({ name: r.name, group: r.grp, state: r.state as SteeredNameChange["state"], updatedAt: r.updated_at }));
  }

  put(change: SteeredNameChange): void {
    this.upsert.run(normalName(change.name), change.group, change.state, change.updatedAt);
  }

  /** Forgets the change (the config file's entry, if any, is in force again): a site mirroring a shared database without it. */
  delete(name: string): boolean {
    return this.remove.run(normalName(name)).changes > 0;
  }
}
