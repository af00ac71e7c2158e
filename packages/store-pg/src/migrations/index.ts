import { initial } from "./001-initial.js";
import { statsAndDecisions } from "./002-stats-decisions.js";
import { admin } from "./003-admin.js";
import { pathKindsHealth } from "./004-path-kinds-health.js";
import { unsettledDecisions } from "./005-unsettled-decisions.js";
import { probeRequestResults } from "./006-probe-request-results.js";
import { answerCounts } from "./007-answer-counts.js";
import { zoneReloads } from "./008-zone-reloads.js";
import { dnsProbesTsigKeys } from "./009-dns-probes-tsig-keys.js";
import { decisionRoutesIndex } from "./010-decision-routes-index.js";
import { leaderEpochs } from "./011-leader-epochs.js";
import { decisionChanges } from "./012-decision-changes.js";
import { probeRequestSites } from "./013-probe-request-sites.js";
import { decisionRouteLog } from "./014-decision-route-log.js";
import { multiSite } from "./pg-multi-site.js";
import type { PgMigration } from "./types.js";

export type { PgMigration } from "./types.js";

/**
 * Every step, in the order a new database gets them. Append only; a step already applied
 * somewhere is never edited. SQLite's 7-9 came after
 * `pg-multi-site` (order matters only between dependent steps); SQLite's next one is appended as "010-...".
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  initial,
  statsAndDecisions,
  admin,
  pathKindsHealth,
  unsettledDecisions,
  probeRequestResults,
  multiSite,
  answerCounts,
  zoneReloads,
  dnsProbesTsigKeys,
  decisionRoutesIndex,
  leaderEpochs,
  decisionChanges,
  probeRequestSites,
  decisionRouteLog,
];
