import type {
  Decision,
  DecisionChanges,
  DecisionMap,
  DecisionPageQuery,
  DecisionState,
  DecisionSummary,
  LeaderElection,
  LeaderFence,
  LeaderOptions,
  MapWatch,
  PathStat,
  PathStatQuery,
  ProbeRequest,
  ProbeRequestResult,
  Provider,
  ProviderHealth,
  ProviderInput,
  ProviderOverride,
  ProviderSettings,
  RetentionPolicy,
  RetentionResult,
  SampleInput,
  SiteSample,
  SiteSampleQuery,
  Source,
  SourceInput,
  SourceQuery,
  SteeredNameChange,
  StoreBackend,
  StoredDecision,
  StoredPolicy,
  WatchOptions,
} from "@dnsteer/storage";
import type pg from "pg";
import * as admin from "./admin.js";
import { DEFAULT_TIMEOUTS, inTransaction, openPool, type PgTimeouts } from "./db.js";
import * as changes from "./decision-changes.js";
import * as decisions from "./decisions.js";
import * as health from "./health.js";
import { AdvisoryLockElection } from "./leader.js";
import { migratePg } from "./migrate.js";
import { PG_MIGRATIONS, type PgMigration } from "./migrations/index.js";
import * as pathStats from "./path-stats.js";
import * as probeRequests from "./probe-requests.js";
import * as providers from "./providers.js";
import * as samples from "./samples.js";
import * as sources from "./sources.js";
import { checkName } from "./sources.js";
import { listUnsettledDecisions } from "./unsettled.js";
import { ListenMapWatch } from "./watch.js";

export interface PgBackendOptions {
  /** Pooled connections for reads and writes (default 10); watches and elections have their own. */
  poolSize?: number;
  /** How long the server may stay silent (defaults: a statement 30 s, a connect 5 s); a timeout is UNREACHABLE. */
  timeouts?: Partial<PgTimeouts>;
  /** For tests that build an older schema; production uses the full list. */
  migrations?: readonly PgMigration[];
  now?: () => number;
  /**
   * How long a deleted decision's tombstone is kept (default 24 h): a responder away longer
   * reads every decision once when it is back, instead of the changes.
   */
  tombstoneRetentionMs?: number;
  /** Hears of each stored decision a list skips because it does not read back (default: a process warning). */
  onCorruptRow?: (message: string) => void;
}

/** The StoreBackend on PostgreSQL: several responders, probe sites and deciders share one database. */
export class PgBackend implements StoreBackend {
  readonly kind = "postgres";
  readonly sites = "many";

  private constructor(
    private readonly url: string,
    readonly pool: pg.Pool,
    private readonly timeouts: PgTimeouts,
    /** The schema steps in force. */
    readonly steps: readonly string[],
    private readonly now: () => number,
    private readonly onCorruptRow: (message: string) => void,
    private readonly tombstoneRetentionMs: number,
  ) {}

  /** Connects and applies the missing schema steps. An unreachable server is OPEN_FAILED. */
  static async open(url: string, opts: PgBackendOptions = {}): Promise<PgBackend> {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    const pool = openPool(url, opts.poolSize ?? 10, timeouts);
    try {
      const steps = await migratePg(pool, opts.migrations ?? PG_MIGRATIONS);
      return new PgBackend(
        url,
        pool,
        timeouts,
        steps,
        opts.now ?? Date.now,
        opts.onCorruptRow ?? warnCorruptRow,
        opts.tombstoneRetentionMs ?? 24 * 3600_000,
      );
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  syncProviders(list: readonly ProviderInput[]): Promise<void> {
    return providers.syncProviders(this.pool, list, this.now());
  }
  listProviders(): Promise<Provider[]> {
    return providers.listProviders(this.pool);
  }

  reportDemand(responder: string, batch: readonly SourceInput[]): Promise<number> {
    return sources.reportDemand(this.pool, responder, batch, this.now());
  }
  listSources(q?: SourceQuery): Promise<Source[]> {
    return sources.listSources(this.pool, q);
  }

  async recordSamples(site: string, batch: readonly SampleInput[], stats: readonly PathStat[] = []): Promise<number> {
    checkName("probe site", site);
    return inTransaction(this.pool, async (c) => {
      const n = await samples.insertSamples(c, site, batch);
      await pathStats.upsertPathStats(c, stats);
      return n;
    });
  }
  listSamples(q?: SiteSampleQuery): Promise<SiteSample[]> {
    return samples.listSamples(this.pool, q);
  }
  countSamples(): Promise<number> {
    return samples.countSamples(this.pool);
  }
  listPathStats(q?: PathStatQuery): Promise<PathStat[]> {
    return pathStats.listPathStats(this.pool, q);
  }
  listPathKindStats(q?: PathStatQuery): Promise<PathStat[]> {
    return pathStats.listPathStats(this.pool, q, true);
  }

  writeDecisions(batch: readonly Decision[], decidedAt: number, fence?: LeaderFence): Promise<number> {
    return decisions.writeDecisions(this.pool, batch, decidedAt, fence);
  }
  listDecisions(): Promise<StoredDecision[]> {
    return decisions.listDecisions(this.pool, this.onCorruptRow);
  }
  listDecisionStates(): Promise<DecisionState[]> {
    return decisions.listDecisionStates(this.pool, this.onCorruptRow);
  }
  listUnsettledDecisions(): Promise<StoredDecision[]> {
    return listUnsettledDecisions(this.pool, this.onCorruptRow);
  }

  /** Operators' probe requests, carried out by every probe site (PostgreSQL only: src/probe-requests.ts). */
  addProbeRequest(address: string, provider: string | null, by: string, now: number): Promise<ProbeRequest> {
    return probeRequests.addProbeRequest(this.pool, address, provider, by, now);
  }
  getProbeRequest(id: number): Promise<ProbeRequest | undefined> {
    return probeRequests.getProbeRequest(this.pool, id);
  }
  pageProbeRequests(limit: number, offset: number): Promise<{ items: ProbeRequest[]; total: number }> {
    return probeRequests.pageProbeRequests(this.pool, limit, offset);
  }
  /** Queued requests this site has not answered, oldest first. */
  pendingProbeRequests(site: string, limit: number): Promise<ProbeRequest[]> {
    return probeRequests.pendingProbeRequests(this.pool, site, limit);
  }
  /** A site's per-provider results; finishes the request when every provider asked for has been probed from some site. */
  answerProbeRequest(
    site: string,
    id: number,
    answer: { results: readonly ProbeRequestResult[]; error: string | null },
    now: number,
    timeoutMs: number,
  ): Promise<void> {
    return probeRequests.answerProbeRequest(this.pool, site, id, answer, now, timeoutMs);
  }
  /** Finishes requests queued longer than `timeoutMs` with the answers they have. */
  expireProbeRequests(now: number, timeoutMs: number): Promise<number> {
    return probeRequests.expireProbeRequests(this.pool, now, timeoutMs);
  }
  deleteDecisions(sources: readonly string[], fence?: LeaderFence): Promise<number> {
    // A test's older schema (no step 012) has no tombstones to prune.
    const pruneBefore = this.steps.includes(decisionChangesStep) ? this.now() - this.tombstoneRetentionMs : undefined;
    return decisions.deleteDecisions(this.pool, sources, fence, pruneBefore);
  }
  readDecisionMap(): Promise<DecisionMap> {
    return decisions.readDecisionMap(this.pool);
  }
  decisionChanges(since: number): Promise<DecisionChanges> {
    return changes.decisionChanges(this.pool, since, this.onCorruptRow);
  }
  /** Forgets the tombstones of deletes before `before` (ms), raising the floor below which readers read everything. */
  pruneTombstones(before: number): Promise<number> {
    return changes.pruneTombstones(this.pool, before);
  }
  mapVersion(): Promise<number> {
    return decisions.mapVersion(this.pool);
  }
  watchMapVersion(known: number, onVersion: (version: number) => void, opts?: WatchOptions): Promise<MapWatch> {
    return ListenMapWatch.start(this.url, known, onVersion, opts, this.timeouts);
  }

  async getStoredPolicy(): Promise<StoredPolicy | undefined> {
    const row = (
      await this.pool.query<{ settings: Record<string, unknown>; updated_at: number }>(
        "SELECT settings, updated_at FROM policy_settings WHERE id = 1",
      )
    ).rows[0];
    return row && { settings: row.settings, updatedAt: row.updated_at };
  }

  // The admin API's shared state (SharedAdminStore): admin.ts.
  listProviderOverrides(): Promise<ProviderOverride[]> {
    return providers.listProviderOverrides(this.pool);
  }
  putProviderOverride(
    name: string,
    settings: Partial<ProviderSettings> | null,
    configured: readonly ProviderInput[],
    now: number,
  ): Promise<void> {
    return admin.putProviderOverride(this.pool, name, settings, configured, now);
  }
  setProviderDrained(name: string, drained: boolean, configured: readonly ProviderInput[], now: number): Promise<void> {
    return admin.setProviderDrained(this.pool, name, drained, configured, now);
  }
  putStoredPolicy(settings: Record<string, unknown>, now: number): Promise<void> {
    return admin.putStoredPolicy(this.pool, settings, now);
  }
  listSteeredNames(): Promise<SteeredNameChange[]> {
    return admin.listSteeredNames(this.pool);
  }
  putSteeredName(change: SteeredNameChange): Promise<void> {
    return admin.putSteeredName(this.pool, change);
  }
  getDecision(source: string): Promise<StoredDecision | undefined> {
    return admin.getDecision(this.pool, source);
  }
  pageDecisions(q: DecisionPageQuery): Promise<{ items: DecisionSummary[]; total: number }> {
    return admin.pageDecisions(this.pool, q);
  }

  putProviderHealth(states: readonly ProviderHealth[], now = this.now()): Promise<void> {
    return health.putProviderHealth(this.pool, states, now);
  }
  listProviderHealth(): Promise<ProviderHealth[]> {
    return health.listProviderHealth(this.pool);
  }

  async retain(policy: RetentionPolicy): Promise<RetentionResult> {
    const n = policy.samplesBefore === undefined ? 0 : await samples.deleteSamplesBefore(this.pool, policy.samplesBefore);
    const s = policy.sourcesNotSeenSince === undefined ? 0 : await sources.forgetSources(this.pool, policy.sourcesNotSeenSince, this.now());
    return { samples: n, sources: s };
  }

  leaderElection(name: string, opts?: LeaderOptions): AdvisoryLockElection & LeaderElection {
    return new AdvisoryLockElection(this.url, name, opts, this.timeouts);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const decisionChangesStep = "012-decision-changes";

function warnCorruptRow(message: string): void {
  process.emitWarning(message, { code: "DNSTEER_CORRUPT_ROW" });
}
