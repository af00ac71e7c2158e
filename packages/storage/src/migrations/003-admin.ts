import type { Migration } from "./types.js";

/**
 * Version 3: what the admin API changes and must keep across restarts, and its audit log.
 * - provider_overrides: provider settings set through the API, layered over the config file's
 *   (syncProviders applies them), so a restart keeps them; `settings` is JSON.
 * - steered_names: names added (or config names removed) through the API.
 * - policy_settings: one row; the decision policy's settings over the config file's.
 * - api_keys: sha256 of each token, never the token.
 * - audit_log: append-only (triggers refuse UPDATE and DELETE).
 * - probe_requests: "probe this address now", already checked against measure.scope.
 */
export const admin: Migration = {
  version: 3,
  name: "provider overrides, steered names, policy, api keys, audit log, probe requests",
  sql: `
    CREATE TABLE provider_overrides (
      name TEXT PRIMARY KEY,
      settings TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE steered_names (
      name TEXT PRIMARY KEY,
      grp INTEGER CHECK (grp BETWEEN 0 AND 31),
      state TEXT NOT NULL CHECK (state IN ('added', 'removed')),
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE policy_settings (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      settings TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      scope TEXT NOT NULL CHECK (scope IN ('read', 'admin')),
      hash BLOB NOT NULL CHECK (length(hash) = 32),
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    ) STRICT;

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      key_id TEXT NOT NULL,
      key_name TEXT NOT NULL,
      remote TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      before TEXT,
      after TEXT
    ) STRICT;
    CREATE INDEX audit_log_action ON audit_log (action, id);
    CREATE INDEX audit_log_key ON audit_log (key_id, id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    CREATE TABLE probe_requests (
      id INTEGER PRIMARY KEY,
      address TEXT NOT NULL,
      provider TEXT,
      status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'done', 'failed')),
      requested_at INTEGER NOT NULL,
      requested_by TEXT NOT NULL
    ) STRICT;
    CREATE INDEX probe_requests_status ON probe_requests (status, id);
  `,
};
