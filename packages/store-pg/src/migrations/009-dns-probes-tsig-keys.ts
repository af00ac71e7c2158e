import type { PgMigration } from "./types.js";

/**
 * SQLite 9: the `dns` probe kind and TSIG keys added through the API. PostgreSQL can change a
 * CHECK in place (SQLite rebuilt both tables); the constraints carry the names PostgreSQL gave
 * them in 001 and 004. `path_stats` breaks a last tie by the fixed order icmp, tcp, dns (with
 * three kinds, "prefer icmp" left tcp and dns tied), as SQLite 9 does.
 */
export const dnsProbesTsigKeys: PgMigration = {
  step: "009-dns-probes-tsig-keys",
  sqliteVersion: 9,
  sql: `
    ALTER TABLE samples DROP CONSTRAINT samples_kind_check;
    ALTER TABLE samples ADD CONSTRAINT samples_kind_check CHECK (kind IN ('icmp', 'tcp', 'dns'));
    ALTER TABLE path_kind_stats DROP CONSTRAINT path_kind_stats_kind_check;
    ALTER TABLE path_kind_stats ADD CONSTRAINT path_kind_stats_kind_check CHECK (kind IN ('icmp', 'tcp', 'dns'));

    CREATE OR REPLACE VIEW path_stats AS
      SELECT a.prefix, a.prefix_length, a.provider, a.ewma_rtt_us, a.median_rtt_us, a.loss_ratio, a.jitter_us,
        a.sample_count, a.last_rtt_us, a."window", a.updated_at, a.kind
      FROM path_kind_stats a
      WHERE NOT EXISTS (
        SELECT 1 FROM path_kind_stats b
        WHERE b.prefix = a.prefix AND b.prefix_length = a.prefix_length AND b.provider = a.provider AND b.kind <> a.kind
          AND (b.updated_at > a.updated_at
            OR (b.updated_at = a.updated_at AND (b.window_length > a.window_length
              OR (b.window_length = a.window_length
                AND position(b.kind IN 'icmp tcp dns') < position(a.kind IN 'icmp tcp dns'))))));

    CREATE TABLE tsig_keys (
      name TEXT PRIMARY KEY,
      algorithm TEXT NOT NULL CHECK (algorithm IN ('hmac-sha1', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512')),
      secret TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      created_by TEXT
    );
  `,
};
