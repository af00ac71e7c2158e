import type { PgMigration } from "./types.js";

/** SQLite 6: a probe request's per-provider results (JSON), error and finish time. */
export const probeRequestResults: PgMigration = {
  step: "006-probe-request-results",
  sqliteVersion: 6,
  sql: `
    ALTER TABLE probe_requests ADD COLUMN results JSONB;
    ALTER TABLE probe_requests ADD COLUMN error TEXT;
    ALTER TABLE probe_requests ADD COLUMN finished_at BIGINT;
  `,
};
