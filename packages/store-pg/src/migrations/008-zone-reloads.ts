import type { PgMigration } from "./types.js";

/** SQLite 8: the last reload of each zone (when, whether it took, serial, records, the error with file:line). */
export const zoneReloads: PgMigration = {
  step: "008-zone-reloads",
  sqliteVersion: 8,
  sql: `
    CREATE TABLE zone_reloads (
      origin TEXT PRIMARY KEY,
      file TEXT NOT NULL,
      at BIGINT NOT NULL,
      ok BOOLEAN NOT NULL,
      serial BIGINT,
      records INTEGER,
      data_changed_serial_kept BOOLEAN NOT NULL DEFAULT false,
      error TEXT,
      error_file TEXT,
      error_line INTEGER
    );
  `,
};
