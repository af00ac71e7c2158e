import type { PgMigration } from "./types.js";

/**
 * PostgreSQL only (no SQLite migration yet): what several sites need.
 * - samples.site: the probe site that sent each sample ('' for rows from before).
 * - source_demand: each responder's latest demand per source; `sources` holds their merge
 *   (sums), rewritten for the touched sources in the same transaction as each report.
 * - a NOTIFY on channel dnsteer_<counter> with the new value whenever a change counter moves,
 *   delivered at commit: responders LISTEN on dnsteer_decisions instead of polling.
 */
export const multiSite: PgMigration = {
  step: "pg-multi-site",
  sqliteVersion: null,
  sql: `
    ALTER TABLE samples ADD COLUMN site TEXT NOT NULL DEFAULT '';

    CREATE TABLE source_demand (
      address TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      responder TEXT NOT NULL,
      family INTEGER NOT NULL CHECK (family IN (4, 6)),
      aggregate_address TEXT,
      aggregate_prefix_length INTEGER,
      rate DOUBLE PRECISION NOT NULL,
      queries BIGINT NOT NULL,
      group_counts JSONB NOT NULL,
      first_seen BIGINT NOT NULL,
      last_seen BIGINT NOT NULL,
      ecs BOOLEAN NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (address, prefix_length, responder)
    );
    CREATE INDEX source_demand_last_seen ON source_demand (last_seen);

    CREATE FUNCTION dnsteer_notify_counter() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('dnsteer_' || NEW.name, NEW.value::text); RETURN NULL; END $$;
    CREATE TRIGGER change_counters_notify AFTER UPDATE ON change_counters
      FOR EACH ROW EXECUTE FUNCTION dnsteer_notify_counter();
  `,
};
