import type { PgMigration } from "./types.js";

/** SQLite 5: the partial index of decisions whose state is not settled (reason is jsonb, always valid here). */
export const unsettledDecisions: PgMigration = {
  step: "005-unsettled-decisions",
  sqliteVersion: 5,
  sql: `
    CREATE INDEX decisions_unsettled ON decisions (prefix, prefix_length)
      WHERE (reason #> '{state,settled}') IS DISTINCT FROM 'true'::jsonb;
  `,
};
