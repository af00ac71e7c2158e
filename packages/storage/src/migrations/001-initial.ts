import type { Migration } from "./types.js";

/** Version 1: providers, the flow analyzer's sources, and raw probe samples. */
export const initial: Migration = {
  version: 1,
  name: "providers, sources, samples",
  sql: `
    CREATE TABLE providers (
      name TEXT PRIMARY KEY,
      enabled INTEGER NOT NULL DEFAULT 1,
      drained INTEGER NOT NULL DEFAULT 0,
      source_v4 TEXT,
      source_v6 TEXT,
      service_a TEXT NOT NULL DEFAULT '[]',
      service_aaaa TEXT NOT NULL DEFAULT '[]',
      price_per_mbps REAL NOT NULL DEFAULT 0,
      commit_mbps REAL NOT NULL DEFAULT 0,
      price_above_commit REAL NOT NULL DEFAULT 0,
      billing_percentile REAL NOT NULL DEFAULT 95,
      capacity_mbps REAL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE sources (
      id INTEGER PRIMARY KEY,
      family INTEGER NOT NULL CHECK (family IN (4, 6)),
      address TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      aggregate_address TEXT,
      aggregate_prefix_length INTEGER,
      rate REAL NOT NULL DEFAULT 0,
      queries INTEGER NOT NULL DEFAULT 0,
      group_counts TEXT NOT NULL DEFAULT '{}',
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      ecs INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      UNIQUE (address, prefix_length)
    ) STRICT;
    CREATE INDEX sources_last_seen ON sources (last_seen);
    CREATE INDEX sources_rate ON sources (rate DESC);

    -- provider is not a foreign key: samples are history and outlive a provider's removal.
    CREATE TABLE samples (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      provider TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('icmp', 'tcp')),
      family INTEGER NOT NULL CHECK (family IN (4, 6)),
      rtt_us INTEGER,
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX samples_at ON samples (at);
    CREATE INDEX samples_path ON samples (source, provider, at);
  `,
};
