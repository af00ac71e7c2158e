import type { Migration } from "./types.js";

/**
 * Version 2: per-path aggregates, steering decisions, and change counters.
 * The counters are bumped by triggers so a responder polls one row instead of diffing tables.
 */
export const statsAndDecisions: Migration = {
  version: 2,
  name: "path_stats, decisions, change counters",
  sql: `
    CREATE TABLE path_stats (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT NOT NULL,
      ewma_rtt_us REAL,
      median_rtt_us REAL,
      loss_ratio REAL NOT NULL DEFAULT 0,
      jitter_us REAL NOT NULL DEFAULT 0,
      sample_count INTEGER NOT NULL DEFAULT 0,
      last_rtt_us INTEGER,
      window TEXT NOT NULL DEFAULT '[]',
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (prefix, prefix_length, provider)
    ) STRICT;

    CREATE TABLE decisions (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT NOT NULL REFERENCES providers (name) ON UPDATE CASCADE,
      reason TEXT NOT NULL DEFAULT '{}',
      decided_at INTEGER NOT NULL,
      PRIMARY KEY (prefix, prefix_length)
    ) STRICT;

    CREATE TABLE change_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
    INSERT INTO change_counters (name, value) VALUES ('decisions', 0), ('providers', 0);

    CREATE TRIGGER decisions_ins AFTER INSERT ON decisions BEGIN
      UPDATE change_counters SET value = value + 1 WHERE name = 'decisions'; END;
    CREATE TRIGGER decisions_upd AFTER UPDATE ON decisions BEGIN
      UPDATE change_counters SET value = value + 1 WHERE name = 'decisions'; END;
    CREATE TRIGGER decisions_del AFTER DELETE ON decisions BEGIN
      UPDATE change_counters SET value = value + 1 WHERE name = 'decisions'; END;
    CREATE TRIGGER providers_ins AFTER INSERT ON providers BEGIN
      UPDATE change_counters SET value = value + 1 WHERE name = 'providers'; END;
    CREATE TRIGGER providers_upd AFTER UPDATE ON providers BEGIN
      UPDATE change_counters SET value = value + 1 WHERE name = 'providers'; END;
    CREATE TRIGGER providers_del AFTER DELETE ON providers BEGIN
      UPDATE change_counters SET value = value + 1 WHERE name = 'providers'; END;
  `,
};
