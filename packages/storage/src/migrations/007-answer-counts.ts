import type { Migration } from "./types.js";

/**
 * Version 7: the responder's steered answers per minute, provider and responder (issue 10's
 * metrics, issue 12's answer shares over time). Each responder adds the answers of the last few
 * seconds to the row of the current minute (an upsert that adds), so a row is never written per
 * query and two responders, or a restarted one, never overwrite each other. `minute` is the
 * minute's start in epoch milliseconds; `a`/`aaaa` count the answered types.
 */
export const answerCounts: Migration = {
  version: 7,
  name: "answer counts",
  sql: `
    CREATE TABLE answer_counts (
      minute INTEGER NOT NULL CHECK (minute % 60000 = 0),
      responder TEXT NOT NULL,
      provider TEXT NOT NULL,
      a INTEGER NOT NULL DEFAULT 0 CHECK (a >= 0),
      aaaa INTEGER NOT NULL DEFAULT 0 CHECK (aaaa >= 0),
      PRIMARY KEY (minute, responder, provider)
    ) WITHOUT ROWID;
  `,
};
