import { StorageError } from "@dnsteer/storage";
import type pg from "pg";
import { connect, inTransaction } from "./db.js";
import type { PgMigration } from "./migrations/index.js";

/** Advisory lock key of schema changes: processes starting at once migrate one after another. */
const MIGRATION_LOCK = 0x646e_7374_6565_72n; // "dnsteer"

/**
 * A schema step may rewrite or scan a big table (a CHECK added over every sample), and a process
 * starting meanwhile waits for the lock: neither is bounded by store.queryTimeoutMs (meant for
 * the steady state), only by this (an hour: a server gone silent for that long is not migrating).
 */
const MIGRATION_TIMEOUT_MS = 3_600_000;
const unbounded = (text: string, values?: unknown[]): pg.QueryConfig =>
  ({ text, values, query_timeout: MIGRATION_TIMEOUT_MS }) as pg.QueryConfig;

/**
 * Applies every step the database does not have, each in its own transaction together with its
 * row in `dnsteer_schema`, under an advisory lock. A database holding a step this build does
 * not know was written by a newer dnsteer: SCHEMA_TOO_NEW, nothing applied. Returns the steps in force.
 */
export async function migratePg(pool: pg.Pool, migrations: readonly PgMigration[]): Promise<string[]> {
  const lock = await connect(pool);
  // Checked out, the client has no pool listener: a connection lost meanwhile must not go unheard.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  lock.on("error", onError);
  try {
    await lock.query("SET statement_timeout = 0");
    await lock.query(unbounded("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK.toString()]));
    await lock.query(`CREATE TABLE IF NOT EXISTS dnsteer_schema (
      step TEXT PRIMARY KEY, sqlite_version INTEGER, applied_at BIGINT NOT NULL)`);
    const applied = new Set((await lock.query<{ step: string }>("SELECT step FROM dnsteer_schema")).rows.map((r) => r.step));
    const known = new Set(migrations.map((m) => m.step));
    const unknown = [...applied].filter((s) => !known.has(s));
    if (unknown.length > 0) {
      throw new StorageError("SCHEMA_TOO_NEW", `database has schema steps this build does not know: ${unknown.sort().join(", ")}`);
    }
    for (const m of migrations) {
      if (applied.has(m.step)) continue;
      try {
        await inTransaction(pool, async (c) => {
          await c.query("SET LOCAL statement_timeout = 0");
          await c.query(unbounded(m.sql));
          await c.query("INSERT INTO dnsteer_schema (step, sqlite_version, applied_at) VALUES ($1, $2, $3)", [
            m.step,
            m.sqliteVersion,
            Date.now(),
          ]);
        });
      } catch (err) {
        throw new StorageError("MIGRATION_FAILED", `migration ${m.step} failed: ${String(err)}`, { cause: err });
      }
      applied.add(m.step);
    }
    return migrations.filter((m) => applied.has(m.step)).map((m) => m.step);
  } finally {
    if (!broken) await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK.toString()]).catch(() => undefined);
    lock.off("error", onError);
    // Its session's statement_timeout was lifted: not to be reused as an ordinary pooled client.
    lock.release(true);
  }
}
