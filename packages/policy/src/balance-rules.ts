import { type BalanceRule, marginalPrice } from "./balance.js";
import { CAUSE_CAPACITY, CAUSE_COMMIT } from "./causes.js";
import type { PolicyConfig } from "./config.js";
import type { ProviderTable } from "./provider-table.js";
import type { Workspace } from "./workspace.js";

/** Hard limit, every mode: nobody over capacity; any provider still possible for a source may take it. */
export function capacityRule(table: ProviderTable, config: PolicyConfig): BalanceRule {
  return {
    limit: table.capacityMbps,
    sheds: () => true,
    accepts: () => true,
    goodOnly: false,
    priced: config.mode !== "latency",
    cause: CAUSE_CAPACITY,
  };
}

/**
 * Cost modes: a provider past its commit pays `priceAboveCommit` for every further Mbps, so its
 * excess moves to a usable provider whose marginal price is lower, filled no further than its own
 * commit (or capacity when it has none). In latency-within-cost the target must stay within the
 * source's tolerance. Providers without a commit never shed here.
 */
export function commitRule(ws: Workspace, table: ProviderTable, config: PolicyConfig, load: Float64Array): BalanceRule {
  const limit = table.commitMbps.map((commit, p) => (commit > 0 ? commit : table.capacityMbps[p]!));
  const withinTolerance = config.mode === "latency-within-cost";
  return {
    limit,
    sheds: (p) => table.commitMbps[p]! > 0,
    accepts: (s, from, to) =>
      marginalPrice(table, load, to, ws.demandMbps[s]!) < table.priceAboveCommit[from]! &&
      (!withinTolerance || ws.effective[s * table.count + to]! <= ws.toleranceLimit[s]!),
    goodOnly: true,
    priced: true,
    cause: CAUSE_COMMIT,
  };
}
