import type { PgMigration } from "./types.js";

/**
 * PostgreSQL only: each probe site's answer to an operator's probe request. The API stores the
 * request in `probe_requests`; every probe site's bridge pulls the queued ones it has not
 * answered, probes through the providers it hosts and writes one row here (its per-provider
 * results, JSON as in `probe_requests.results`). The request is finished — its merged results
 * written to `probe_requests` — once every provider it asked for has been probed from some site,
 * or when it times out.
 */
export const probeRequestSites: PgMigration = {
  step: "013-probe-request-sites",
  sqliteVersion: null,
  sql: `
    CREATE TABLE probe_request_sites (
      request_id BIGINT NOT NULL REFERENCES probe_requests (id) ON DELETE CASCADE,
      site TEXT NOT NULL,
      results JSONB NOT NULL,
      error TEXT,
      reported_at BIGINT NOT NULL,
      PRIMARY KEY (request_id, site)
    );
  `,
};
