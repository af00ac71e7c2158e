import type { Migration } from "./types.js";

/**
 * Version 8: the last reload of each zone as the responder did it (issue 10, issue 14): when,
 * whether it took, the serial and record count served afterwards, the error with file:line
 * when it did not, and whether the data changed while the serial stayed the same (secondaries
 * then never transfer the change). One row per zone, replaced at every reload.
 */
export const zoneReloads: Migration = {
  version: 8,
  name: "zone reloads",
  sql: `
    CREATE TABLE zone_reloads (
      origin TEXT PRIMARY KEY,
      file TEXT NOT NULL,
      at INTEGER NOT NULL,
      ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
      serial INTEGER,
      records INTEGER,
      data_changed_serial_kept INTEGER NOT NULL DEFAULT 0 CHECK (data_changed_serial_kept IN (0, 1)),
      error TEXT,
      error_file TEXT,
      error_line INTEGER
    );
  `,
};
