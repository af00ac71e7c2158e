import type { Migration } from "./types.js";

/**
 * Version 9: DNS probes (a third probe kind) and TSIG keys managed through the admin API.
 *
 * `samples` and `path_kind_stats` allowed only 'icmp' and 'tcp' in their `kind` CHECK; SQLite
 * cannot change a CHECK, so both tables are rebuilt with 'dns' allowed (rows copied as they are,
 * indexes recreated). `path_stats` is recreated over the new table: per (prefix, provider) still
 * the kind whose latest sample is newest, then the one with more samples in its window, then the
 * fixed order icmp, tcp, dns (with three kinds a plain "prefer icmp" left tcp and dns tied).
 *
 * `tsig_keys`: keys added through the API (the config file's `tsig` keys stay in the file). The
 * secret is kept as given (base64): unlike an API key it must be used, not only checked. `name`
 * is the key's DNS name in lower case without the final dot, as the keyring compares them.
 */
export const dnsProbesTsigKeys: Migration = {
  version: 9,
  name: "dns probe kind, tsig keys",
  sql: `
    CREATE TABLE samples_new (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      provider TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('icmp', 'tcp', 'dns')),
      family INTEGER NOT NULL CHECK (family IN (4, 6)),
      rtt_us INTEGER,
      at INTEGER NOT NULL
    ) STRICT;
    INSERT INTO samples_new (id, source, provider, kind, family, rtt_us, at)
      SELECT id, source, provider, kind, family, rtt_us, at FROM samples;
    DROP TABLE samples;
    ALTER TABLE samples_new RENAME TO samples;
    CREATE INDEX samples_at ON samples (at);
    CREATE INDEX samples_path ON samples (source, provider, at);

    DROP VIEW path_stats;
    CREATE TABLE path_kind_stats_new (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('icmp', 'tcp', 'dns')),
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
    INSERT INTO path_kind_stats_new SELECT prefix, prefix_length, provider, kind, ewma_rtt_us, median_rtt_us, loss_ratio,
      jitter_us, sample_count, last_rtt_us, window, window_length, updated_at FROM path_kind_stats;
    DROP TABLE path_kind_stats;
    ALTER TABLE path_kind_stats_new RENAME TO path_kind_stats;
    CREATE VIEW path_stats AS
      SELECT a.prefix, a.prefix_length, a.provider, a.ewma_rtt_us, a.median_rtt_us, a.loss_ratio, a.jitter_us,
        a.sample_count, a.last_rtt_us, a.window, a.updated_at, a.kind
      FROM path_kind_stats a
      WHERE NOT EXISTS (
        SELECT 1 FROM path_kind_stats b
        WHERE b.prefix = a.prefix AND b.prefix_length = a.prefix_length AND b.provider = a.provider AND b.kind <> a.kind
          AND (b.updated_at > a.updated_at
            OR (b.updated_at = a.updated_at AND (b.window_length > a.window_length
              OR (b.window_length = a.window_length
                AND instr('icmp tcp dns', b.kind) < instr('icmp tcp dns', a.kind))))));

    CREATE TABLE tsig_keys (
      name TEXT PRIMARY KEY,
      algorithm TEXT NOT NULL CHECK (algorithm IN ('hmac-sha1', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512')),
      secret TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT
    ) STRICT;
  `,
};
