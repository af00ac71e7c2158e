import type { Migration } from "./types.js";

/**
 * Version 4: path aggregates per probe kind, and provider health.
 *
 * ICMP and TCP samples of one path have different RTT baselines (a TCP SYN-ACK comes from the
 * resolver's kernel like an echo reply, but a firewall, a SYN cookie or a busy listener is on
 * its way), so one median over both mixes two distributions. `path_kind_stats` keeps one aggregate
 * per (prefix, provider, kind); `path_stats` becomes a view with the one declared combination:
 * per (prefix, provider) the kind whose latest sample is newest, on a tie the one with more
 * samples in its window, then ICMP — never a mix. It keeps the old columns (plus `kind`), so
 * readers of `path_stats` keep working and see which kind they got.
 *
 * Old rows mixed both kinds; they move over labelled with the family's first kind (IPv6: TCP,
 * IPv4: ICMP) and are replaced within one window of new samples.
 *
 * `provider_health`: whether the worker can send from each provider at all (its source address
 * or device gone = down for every path at once), written by the worker, read by the controller.
 */
export const pathKindsHealth: Migration = {
  version: 4,
  name: "path aggregates per probe kind, provider health",
  sql: `
    CREATE TABLE path_kind_stats (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('icmp', 'tcp')),
      ewma_rtt_us REAL,
      median_rtt_us REAL,
      loss_ratio REAL NOT NULL DEFAULT 0,
      jitter_us REAL NOT NULL DEFAULT 0,
      sample_count INTEGER NOT NULL DEFAULT 0,
      last_rtt_us INTEGER,
      window TEXT NOT NULL DEFAULT '[]',
      window_length INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (prefix, prefix_length, provider, kind)
    ) STRICT;

    INSERT INTO path_kind_stats (prefix, prefix_length, provider, kind, ewma_rtt_us, median_rtt_us, loss_ratio,
        jitter_us, sample_count, last_rtt_us, window, window_length, updated_at)
      SELECT prefix, prefix_length, provider, CASE WHEN instr(prefix, ':') > 0 THEN 'tcp' ELSE 'icmp' END,
        ewma_rtt_us, median_rtt_us, loss_ratio, jitter_us, sample_count, last_rtt_us, window, json_array_length(window), updated_at
      FROM path_stats;
    DROP TABLE path_stats;

    CREATE VIEW path_stats AS
      SELECT a.prefix, a.prefix_length, a.provider, a.ewma_rtt_us, a.median_rtt_us, a.loss_ratio, a.jitter_us,
        a.sample_count, a.last_rtt_us, a.window, a.updated_at, a.kind
      FROM path_kind_stats a
      WHERE NOT EXISTS (
        SELECT 1 FROM path_kind_stats b
        WHERE b.prefix = a.prefix AND b.prefix_length = a.prefix_length AND b.provider = a.provider AND b.kind <> a.kind
          AND (b.updated_at > a.updated_at
            OR (b.updated_at = a.updated_at AND (b.window_length > a.window_length
              OR (b.window_length = a.window_length AND b.kind = 'icmp')))));

    CREATE TABLE provider_health (
      provider TEXT PRIMARY KEY,
      healthy INTEGER NOT NULL CHECK (healthy IN (0, 1)),
      cause TEXT,
      family INTEGER CHECK (family IN (4, 6)),
      detail TEXT,
      since INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
