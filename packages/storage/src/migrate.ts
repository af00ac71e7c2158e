import type Database from "better-sqlite3";
import { StorageError } from "./errors.js";
import type { Migration } from "./migrations/index.js";

/**
 * Applies every migration above the file's user_version, each in its own transaction together
 * with the user_version bump, so a crash leaves the file at a whole version, never half of one.
 * Returns the version the file is at afterwards.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  const current = userVersion(db);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  if (current > latest) {
    throw new StorageError("SCHEMA_TOO_NEW", `database is at schema ${current}, this build knows ${latest}`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    const step = db.transaction(() => {
      db.exec(m.sql);
      // PRAGMA takes no bound parameters; version is a number from our own list.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    });
    try {
      step.immediate();
    } catch (err) {
      throw new StorageError("MIGRATION_FAILED", `migration ${m.version} (${m.name}) failed: ${String(err)}`, { cause: err });
    }
  }
  return userVersion(db);
}

export function userVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}
