import type { PgMigration } from "./types.js";

/**
 * SQLite 11 (the decision route change log) mirrored as nothing: the log serves the refresh
 * thread of a responder, which reads its local SQLite store only (on PostgreSQL it reads the
 * mirror the map follower keeps there, whose own writes fill that log). PostgreSQL's readers
 * learn what changed from step 012 (`decisionChanges`: per-row versions and tombstones).
 * The step exists so each SQLite version has its PostgreSQL counterpart, as the schema test
 * checks.
 */
export const decisionRouteLog: PgMigration = {
  step: "014-decision-route-log",
  sqliteVersion: 11,
  sql: "SELECT 1;",
};
