import type { Migration } from "./types.js";

/**
 * Version 6: what the worker found for a probe request (issue 10, `dnsteer measure ADDR`): its
 * per-provider results as JSON (`results`), why it failed (`error`), and when it finished.
 * Before, the table only said "queued" and nothing took the requests.
 */
export const probeRequestResults: Migration = {
  version: 6,
  name: "probe request results",
  sql: `
    ALTER TABLE probe_requests ADD COLUMN results TEXT;
    ALTER TABLE probe_requests ADD COLUMN error TEXT;
    ALTER TABLE probe_requests ADD COLUMN finished_at INTEGER;
  `,
};
