import type { PgMigration } from "./types.js";

/**
 * SQLite 10: the decision map's read (prefix, length, provider of every decision) from an
 * index alone, without each row's reason JSON. PostgreSQL covers it with INCLUDE.
 */
export const decisionRoutesIndex: PgMigration = {
  step: "010-decision-routes-index",
  sqliteVersion: 10,
  sql: `CREATE INDEX decisions_routes ON decisions (prefix, prefix_length) INCLUDE (provider);`,
};
