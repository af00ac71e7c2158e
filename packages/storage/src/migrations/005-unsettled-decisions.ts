import type { Migration } from "./types.js";

/**
 * Version 5: an index of the decisions whose state is not settled (issue 9). The worker reads
 * them at every target refresh, on its probing thread, to give those sources more probes: the
 * state sits inside the reason's JSON, and extracting it from every row cost ~10-20 µs each
 * (seconds for 100k decisions). A partial index keeps just those rows' keys, extracted once when
 * a row is written, so the read is an index scan. A reason that is not JSON counts as unsettled
 * (json_valid guards the extraction: such a row must still be writable).
 */
export const unsettledDecisions: Migration = {
  version: 5,
  name: "index of unsettled decisions",
  sql: `
    CREATE INDEX decisions_unsettled ON decisions (prefix, prefix_length)
      WHERE (CASE WHEN json_valid(reason) THEN reason ->> '$.state.settled' END) IS NOT 1;
  `,
};
