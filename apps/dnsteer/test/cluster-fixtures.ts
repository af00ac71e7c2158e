import type { ProviderInput, SourceInput } from "@dnsteer/storage";
import { findPostgresBin } from "@dnsteer/store-pg/cluster";

/** Why the cluster tests cannot run here, if they cannot: Debian's PostgreSQL binaries are missing. */
export const pgMissingReason = (() => {
  try {
    findPostgresBin();
    return undefined;
  } catch {
    return "no PostgreSQL binaries (install Debian's postgresql: scripts/setup.sh --test)";
  }
})();
export const pgMissing = pgMissingReason !== undefined;

/** Two providers without probing sources: what the cluster tests' stores are synced with. */
export const twoProviders: ProviderInput[] = ["p1", "p2"].map((name, i) => ({
  name,
  sourceV4: null,
  sourceV6: null,
  serviceA: [`203.0.113.${80 + i}`],
  serviceAAAA: [],
  pricePerMbps: 1,
  commitMbps: 0,
  priceAboveCommit: 1,
  capacityMbps: null,
}));

/** One /24's demand as a responder reports it (seen in the last second). */
export const demand = (address: string, rate: number): SourceInput => ({
  address,
  prefixLength: 24,
  aggregateAddress: null,
  aggregatePrefixLength: null,
  rate,
  queries: 10,
  groupCounts: {},
  firstSeen: Date.now() - 1000,
  lastSeen: Date.now(),
  ecs: false,
});
