/** Row shapes the store reads and writes. Times are milliseconds since the Unix epoch. */

import type { ProbeKind } from "@dnsteer/model";

/** Defined in @dnsteer/model (shared with policy, control and probe), re-exported for readers of the store. */
export type { Decision, DecisionRoute, ProbeKind, StoredDecision } from "@dnsteer/model";

export type Family = 4 | 6;

/** A provider's settings as the config file's providers[] holds them (its name aside). */
export interface ProviderSettings {
  enabled: boolean;
  sourceV4: string | null;
  sourceV6: string | null;
  device: string | null;
  serviceA: string[];
  serviceAAAA: string[];
  pricePerMbps: number;
  commitMbps: number;
  priceAboveCommit: number;
  billingPercentile: number;
  capacityMbps: number | null;
}

/** A provider as the providers table holds it: its settings (the device is not stored) and operator state. */
export interface Provider extends Omit<ProviderSettings, "device"> {
  name: string;
  drained: boolean;
  updatedAt: number;
}

/** What config supplies; `drained` is operator state kept across syncs unless given. */
export type ProviderInput = Omit<Provider, "updatedAt" | "drained" | "enabled" | "billingPercentile"> & {
  enabled?: boolean;
  drained?: boolean;
  billingPercentile?: number;
};

export interface Source {
  family: Family;
  address: string;
  prefixLength: number;
  aggregateAddress: string | null;
  aggregatePrefixLength: number | null;
  rate: number;
  queries: number;
  groupCounts: Record<string, number>;
  firstSeen: number;
  lastSeen: number;
  ecs: boolean;
  updatedAt: number;
}

export type SourceInput = Omit<Source, "updatedAt" | "family"> & { family?: Family };

export interface SampleInput {
  source: string;
  provider: string;
  kind: ProbeKind;
  family: Family;
  /** Round-trip time in microseconds; null means the probe was lost. */
  rttUs: number | null;
  at: number;
}

export interface Sample extends SampleInput {
  id: number;
}

/**
 * Aggregate per (source prefix, provider, probe kind); `window` holds the last N rtts (null =
 * loss). Read per path (`listPathStats`), it is the kind the `path_stats` view picks (migration 4).
 */
export interface PathStat {
  prefix: string;
  prefixLength: number;
  provider: string;
  kind: ProbeKind;
  ewmaRttUs: number | null;
  medianRttUs: number | null;
  lossRatio: number;
  jitterUs: number;
  sampleCount: number;
  lastRttUs: number | null;
  window: (number | null)[];
  updatedAt: number;
}

/** Whether the worker can send from a provider at all (its source address or device may be gone). */
export interface ProviderHealth {
  provider: string;
  healthy: boolean;
  /** The error code that made it unhealthy ("SOURCE_NOT_LOCAL", "ENETUNREACH", ...), null while healthy. */
  cause: string | null;
  family: Family | null;
  detail: string | null;
  since: number;
  updatedAt: number;
}

/** Row ids of one committed batch: every id in [firstId, lastId] belongs to it. */
export interface CommittedBatch {
  firstId: number;
  lastId: number;
  count: number;
  /** How long the transaction took, from BEGIN IMMEDIATE (lock wait included) to COMMIT, in ms: the worker's write latency metric. */
  commitMs: number;
}
