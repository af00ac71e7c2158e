import type { DecisionState } from "../decisions.js";
import type { PathStatQuery } from "../path-stats.js";
import type { StoredPolicy } from "../policy-settings.js";
import type { SourceQuery } from "../sources.js";
import type {
  Decision,
  DecisionRoute,
  PathStat,
  Provider,
  ProviderHealth,
  ProviderInput,
  SampleInput,
  Source,
  SourceInput,
  StoredDecision,
} from "../types.js";
import type { SharedAdminStore } from "./admin-backend.js";
import type { LeaderElection, LeaderFence, LeaderOptions } from "./leader.js";

/**
 * What several sites share, whatever holds it: SQLite (one host, the default) or PostgreSQL
 * (several responders, probe sites and deciders). Every method is async because PostgreSQL's
 * client is; the SQLite adapter resolves at once. Errors are `StorageError`s with the same codes
 * on both backends, so callers catch one thing.
 */
export interface StoreBackend extends SharedAdminStore {
  readonly kind: "sqlite" | "postgres";
  /**
   * Probe sites whose samples this backend keeps apart: "many" (PostgreSQL), or "one" (SQLite:
   * its samples table has no site column yet, so it stores only its own site's and refuses others).
   */
  readonly sites: "one" | "many";

  /** Config's providers, the admin API's overrides applied; providers not listed are disabled. */
  syncProviders(list: readonly ProviderInput[]): Promise<void>;
  listProviders(): Promise<Provider[]>;

  /**
   * One responder's current demand per source. A source reported by two responders is one source
   * whose rate, queries and group counts are the sums of their latest reports (first seen: the
   * earliest; last seen: the latest; ECS: either).
   */
  reportDemand(responder: string, batch: readonly SourceInput[]): Promise<number>;
  /** Merged sources, highest rate first. */
  listSources(q?: SourceQuery): Promise<Source[]>;

  /** Raw samples of one probe site and the aggregates they changed, in one transaction; returns the count written. */
  recordSamples(site: string, samples: readonly SampleInput[], stats?: readonly PathStat[]): Promise<number>;
  listSamples(q?: SiteSampleQuery): Promise<SiteSample[]>;
  countSamples(): Promise<number>;
  /** One aggregate per (prefix, provider): the kind the `path_stats` view picks. */
  listPathStats(q?: PathStatQuery): Promise<PathStat[]>;
  /** Every probe kind's aggregate. */
  listPathKindStats(q?: PathStatQuery): Promise<PathStat[]>;

  /**
   * One transaction; returns the decision map's version after it (monotonically increasing).
   * With a leader's `fence`, a write from a deposed leader is refused (FENCED, nothing written).
   */
  writeDecisions(batch: readonly Decision[], decidedAt: number, fence?: LeaderFence): Promise<number>;
  listDecisions(): Promise<StoredDecision[]>;
  /** Provider, hysteresis state and time of every decision, verdicts unread (the decider, each evaluation). */
  listDecisionStates(): Promise<DecisionState[]>;
  /**
   * The decisions whose state is not settled (the policy not yet sure of the best provider), in
   * full: what a probe-only site mirrors so its probing thread probes those sources more (an
   * index scan on both backends: SQLite migration 5, PostgreSQL step 005).
   */
  listUnsettledDecisions(): Promise<StoredDecision[]>;
  /**
   * Deletes the decisions of these sources ("prefix/length"; absent ones are no error) in one
   * transaction; returns the map version after it.
   */
  deleteDecisions(sources: readonly string[], fence?: LeaderFence): Promise<number>;
  /** The routes and the version they are at, read in one snapshot. */
  readDecisionMap(): Promise<DecisionMap>;
  /**
   * What changed since map version `since` (-1: nothing known), read in one snapshot: applying
   * `deletes` then `upserts` to the decisions at `since` gives those at `version`. `full` when
   * the backend cannot tell (SQLite always; PostgreSQL when `since` is unknown, older than its
   * kept tombstones, or ahead of it): then `upserts` is every decision and anything else the
   * reader holds is gone.
   */
  decisionChanges(since: number): Promise<DecisionChanges>;
  mapVersion(): Promise<number>;
  /**
   * Calls `onVersion` with each map version above `known` (at once if the store is already past
   * it), in increasing order: after a lost connection it checks the version again, so a change
   * made while it was away is reported too.
   */
  watchMapVersion(known: number, onVersion: (version: number) => void, opts?: WatchOptions): Promise<MapWatch>;

  /** The decision policy's settings stored through the admin API (layered over the config's), if any. */
  getStoredPolicy(): Promise<StoredPolicy | undefined>;

  putProviderHealth(states: readonly ProviderHealth[], now?: number): Promise<void>;
  listProviderHealth(): Promise<ProviderHealth[]>;

  /** Deletes samples older than `samplesBefore` and demand not seen since `sourcesNotSeenSince`. */
  retain(policy: RetentionPolicy): Promise<RetentionResult>;

  /** Who decides: at most one holder per `name` at a time (see LeaderElection). */
  leaderElection(name: string, opts?: LeaderOptions): LeaderElection;

  close(): Promise<void>;
}

/** The responder's map: prefix → provider, at one version of the decisions. */
export interface DecisionMap {
  version: number;
  routes: DecisionRoute[];
}

/** The decisions changed between a reader's version and `version` (see StoreBackend.decisionChanges). */
export interface DecisionChanges {
  version: number;
  full: boolean;
  /** Decisions written since (every decision when `full`). */
  upserts: StoredDecision[];
  /** Sources ("prefix/length") whose decision was deleted since and not written again. */
  deletes: string[];
}

export interface SiteSample extends SampleInput {
  id: number;
  /** The probe site that sent it. */
  site: string;
}

export interface SiteSampleQuery {
  site?: string;
  source?: string;
  provider?: string;
  since?: number;
  limit?: number;
}

export interface MapWatch {
  /** The highest version reported so far. */
  readonly version: number;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Hears of a lost connection (the watch keeps retrying) or a failed poll. */
  onError?: (err: Error) => void;
  /** SQLite: how often the version is polled (default 250 ms). PostgreSQL: first reconnect delay (default 500 ms). */
  intervalMs?: number;
}

export interface RetentionPolicy {
  samplesBefore?: number;
  sourcesNotSeenSince?: number;
}

export interface RetentionResult {
  samples: number;
  sources: number;
}
