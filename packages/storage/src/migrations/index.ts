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
import { decisionRouteLog } from "./011-decision-route-log.js";
import type { Migration } from "./types.js";

export type { Migration } from "./types.js";

/** Every migration, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  statsAndDecisions,
  admin,
  pathKindsHealth,
  unsettledDecisions,
  probeRequestResults,
  answerCounts,
  zoneReloads,
  dnsProbesTsigKeys,
  decisionRoutesIndex,
  decisionRouteLog,
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
