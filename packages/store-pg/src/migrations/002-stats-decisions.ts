import type { PgMigration } from "./types.js";

/**
 * SQLite 2: path_stats, decisions, change counters. The counters are bumped by statement-level
 * triggers (SQLite's bump per row): one batched write of 100k decisions is one bump, not 100k
 * updates of one row. Both only ever increase, which is all a reader relies on.
 */
export const statsAndDecisions: PgMigration = {
  step: "002-stats-decisions",
  sqliteVersion: 2,
  sql: `
    CREATE TABLE path_stats (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT NOT NULL,
      ewma_rtt_us DOUBLE PRECISION,
      median_rtt_us DOUBLE PRECISION,
      loss_ratio DOUBLE PRECISION NOT NULL DEFAULT 0,
      jitter_us DOUBLE PRECISION NOT NULL DEFAULT 0,
      sample_count INTEGER NOT NULL DEFAULT 0,
      last_rtt_us INTEGER,
      "window" JSONB NOT NULL DEFAULT '[]',
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (prefix, prefix_length, provider)
    );

    CREATE TABLE decisions (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT NOT NULL REFERENCES providers (name) ON UPDATE CASCADE,
      reason JSONB NOT NULL DEFAULT '{}',
      decided_at BIGINT NOT NULL,
      PRIMARY KEY (prefix, prefix_length)
    );

    CREATE TABLE change_counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
    INSERT INTO change_counters (name, value) VALUES ('decisions', 0), ('providers', 0);

    CREATE FUNCTION dnsteer_bump_counter() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE change_counters SET value = value + 1 WHERE name = TG_ARGV[0]; RETURN NULL; END $$;
    CREATE TRIGGER decisions_changed AFTER INSERT OR UPDATE OR DELETE ON decisions
      FOR EACH STATEMENT EXECUTE FUNCTION dnsteer_bump_counter('decisions');
    CREATE TRIGGER providers_changed AFTER INSERT OR UPDATE OR DELETE ON providers
      FOR EACH STATEMENT EXECUTE FUNCTION dnsteer_bump_counter('providers');
  `,
};
