import type { PgMigration } from "./types.js";

/**
 * PostgreSQL only: the fencing token of each election. A newly elected leader bumps its row's
 * epoch (while holding the advisory lock); a decisions write carrying an epoch reads the row
 * FOR SHARE in its transaction and is refused unless the epoch is still the row's. The share
 * lock makes the next leader's bump wait until a write in flight has committed or rolled back,
 * so a deposed leader's write either lands before its successor starts or not at all.
 */
export const leaderEpochs: PgMigration = {
  step: "011-leader-epochs",
  sqliteVersion: null,
  sql: `
    CREATE TABLE leader_epochs (
      name TEXT PRIMARY KEY,
      epoch BIGINT NOT NULL CHECK (epoch > 0),
      elected_at BIGINT NOT NULL,
      holder TEXT NOT NULL
    );
  `,
};
