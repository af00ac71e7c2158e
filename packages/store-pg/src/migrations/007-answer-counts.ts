import type { PgMigration } from "./types.js";

/** SQLite 7: steered answers per minute, responder and provider (each responder adds to its row of the minute). */
export const answerCounts: PgMigration = {
  step: "007-answer-counts",
  sqliteVersion: 7,
  sql: `
    CREATE TABLE answer_counts (
      minute BIGINT NOT NULL CHECK (minute % 60000 = 0),
      responder TEXT NOT NULL,
      provider TEXT NOT NULL,
      a BIGINT NOT NULL DEFAULT 0 CHECK (a >= 0),
      aaaa BIGINT NOT NULL DEFAULT 0 CHECK (aaaa >= 0),
      PRIMARY KEY (minute, responder, provider)
    );
  `,
};
