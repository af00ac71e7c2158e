import type { PgMigration } from "./types.js";

/**
 * SQLite 4: path aggregates per probe kind, the `path_stats` view choosing one kind per path
 * (newest latest sample, then more samples in the window, then ICMP), and provider health.
 */
export const pathKindsHealth: PgMigration = {
  step: "004-path-kinds-health",
  sqliteVersion: 4,
  sql: `
    CREATE TABLE path_kind_stats (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('icmp', 'tcp')),
      ewma_rtt_us DOUBLE PRECISION,
      median_rtt_us DOUBLE PRECISION,
      loss_ratio DOUBLE PRECISION NOT NULL DEFAULT 0,
      jitter_us DOUBLE PRECISION NOT NULL DEFAULT 0,
      sample_count INTEGER NOT NULL DEFAULT 0,
      last_rtt_us INTEGER,
      "window" JSONB NOT NULL DEFAULT '[]',
      window_length INTEGER NOT NULL DEFAULT 0,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (prefix, prefix_length, provider, kind)
    );

    INSERT INTO path_kind_stats (prefix, prefix_length, provider, kind, ewma_rtt_us, median_rtt_us, loss_ratio,
        jitter_us, sample_count, last_rtt_us, "window", window_length, updated_at)
      SELECT prefix, prefix_length, provider, CASE WHEN position(':' IN prefix) > 0 THEN 'tcp' ELSE 'icmp' END,
        ewma_rtt_us, median_rtt_us, loss_ratio, jitter_us, sample_count, last_rtt_us, "window", jsonb_array_length("window"), updated_at
      FROM path_stats;
    DROP TABLE path_stats;

    CREATE VIEW path_stats AS
      SELECT a.prefix, a.prefix_length, a.provider, a.ewma_rtt_us, a.median_rtt_us, a.loss_ratio, a.jitter_us,
        a.sample_count, a.last_rtt_us, a."window", a.updated_at, a.kind
      FROM path_kind_stats a
      WHERE NOT EXISTS (
        SELECT 1 FROM path_kind_stats b
        WHERE b.prefix = a.prefix AND b.prefix_length = a.prefix_length AND b.provider = a.provider AND b.kind <> a.kind
          AND (b.updated_at > a.updated_at
            OR (b.updated_at = a.updated_at AND (b.window_length > a.window_length
              OR (b.window_length = a.window_length AND b.kind = 'icmp')))));

    CREATE TABLE provider_health (
      provider TEXT PRIMARY KEY,
      healthy BOOLEAN NOT NULL,
      cause TEXT,
      family INTEGER CHECK (family IN (4, 6)),
      detail TEXT,
      since BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
  `,
};
