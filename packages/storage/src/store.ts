import Database from "better-sqlite3";
import { AdminStore } from "./admin-store.js";
import { DecisionRepo, type DecisionState, type RouteChanges } from "./decisions.js";
import { StorageError } from "./errors.js";
import { migrate } from "./migrate.js";
import { MIGRATIONS, type Migration } from "./migrations/index.js";
import { type PathStatQuery, PathStatRepo } from "./path-stats.js";
import { ProviderHealthRepo } from "./provider-health.js";
import { applyProviderOverrides } from "./provider-overrides.js";
import { ProviderRepo } from "./providers.js";
import { type SampleQuery, SampleRepo } from "./samples.js";
import { type SourceQuery, SourceRepo } from "./sources.js";
import type {
  CommittedBatch,
  Decision,
  DecisionRoute,
  PathStat,
  ProbeKind,
  Provider,
  ProviderHealth,
  ProviderInput,
  Sample,
  SampleInput,
  Source,
  SourceInput,
  StoredDecision,
} from "./types.js";

export type Synchronous = "OFF" | "NORMAL" | "FULL" | "EXTRA";

export interface StoreOptions {
  /** NORMAL (default) in WAL never corrupts; a power cut may lose the last commits, a kill -9 does not. */
  synchronous?: Synchronous;
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** For tests that build an old-version file; production uses the full list. */
  migrations?: readonly Migration[];
  now?: () => number;
  /** Hears of each stored row a list skips because it does not read back (default: a process warning). */
  onCorruptRow?: (message: string) => void;
}

/** The one owner of dnsteer's SQLite file. Every method is synchronous (better-sqlite3). */
export class Store {
  readonly db: Database.Database;
  private readonly providers: ProviderRepo;
  private readonly sources: SourceRepo;
  private readonly samples: SampleRepo;
  private readonly stats: PathStatRepo;
  private readonly health: ProviderHealthRepo;
  private readonly decisions: DecisionRepo;
  private readonly now: () => number;
  readonly schemaVersion: number;
  private adminStore: AdminStore | undefined;

  private constructor(db: Database.Database, schemaVersion: number, now: () => number, onCorruptRow: (message: string) => void) {
    this.db = db;
    this.schemaVersion = schemaVersion;
    this.now = now;
    this.providers = new ProviderRepo(db);
    this.sources = new SourceRepo(db);
    this.samples = new SampleRepo(db);
    this.stats = new PathStatRepo(db);
    this.health = new ProviderHealthRepo(db);
    this.decisions = new DecisionRepo(db, onCorruptRow);
  }

  static open(path: string, opts: StoreOptions = {}): Store {
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: opts.readonly ?? false, timeout: opts.busyTimeoutMs ?? 5000 });
      if (!opts.readonly) db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${checkSynchronous(opts.synchronous ?? "NORMAL")}`);
      db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
      db.pragma("foreign_keys = ON");
    } catch (err) {
      throw new StorageError("OPEN_FAILED", `cannot open ${path}: ${String(err)}`, { cause: err });
    }
    try {
      const version = opts.readonly ? (db.pragma("user_version", { simple: true }) as number) : migrate(db, opts.migrations ?? MIGRATIONS);
      return new Store(db, version, opts.now ?? Date.now, opts.onCorruptRow ?? warnCorruptRow);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** The admin API's tables (built on first use, so a read-only open of an older file still works). */
  get admin(): AdminStore {
    return (this.adminStore ??= new AdminStore(this.db, this.now));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // --- providers
  /** Config's providers with the admin API's overrides applied (they survive restarts that way). */
  syncProviders(list: readonly ProviderInput[]): void {
    this.providers.sync(applyProviderOverrides(list, this.admin.providerOverrides.list()), this.now());
  }
  listProviders(): Provider[] {
    return this.providers.list();
  }
  getProvider(name: string): Provider | undefined {
    return this.providers.get(name);
  }
  setDrained(name: string, drained: boolean): void {
    this.providers.setDrained(name, drained, this.now());
  }

  // --- sources (written by the flow analyzer, read by the scheduler)
  upsertSources(batch: readonly SourceInput[]): number {
    return this.sources.upsertBatch(batch, this.now());
  }
  listSources(q?: SourceQuery): Source[] {
    return this.sources.list(q);
  }
  deleteSourcesNotSeenSince(time: number): number {
    return this.sources.deleteNotSeenSince(time);
  }

  // --- samples and aggregates
  /** Raw samples and the aggregates they changed, in one transaction: both or neither survive a crash. */
  recordBatch(samples: readonly SampleInput[], stats: readonly PathStat[] = []): CommittedBatch {
    const started = performance.now();
    const batch = this.db
      .transaction(() => {
        const inserted = this.samples.insertMany(samples);
        this.stats.upsertMany(stats);
        return inserted;
      })
      .immediate();
    return { ...batch, commitMs: performance.now() - started };
  }
  listSamples(q?: SampleQuery): Sample[] {
    return this.samples.list(q);
  }
  countSamples(): number {
    return this.samples.count();
  }
  deleteSamplesBefore(time: number): number {
    return this.samples.deleteBefore(time);
  }
  upsertPathStats(stats: readonly PathStat[]): void {
    this.db.transaction(() => this.stats.upsertMany(stats)).immediate();
  }
  getPathStat(prefix: string, prefixLength: number, provider: string): PathStat | undefined {
    return this.stats.get(prefix, prefixLength, provider);
  }
  listPathStats(q?: PathStatQuery): PathStat[] {
    return this.stats.list(q);
  }
  /** One probe kind's aggregate of a path (the worker folds samples into it). */
  getPathKindStat(prefix: string, prefixLength: number, provider: string, kind: ProbeKind): PathStat | undefined {
    return this.stats.getKind(prefix, prefixLength, provider, kind);
  }
  /** Every kind's aggregate (listPathStats gives the one per path the policy reads). */
  listPathKindStats(q?: PathStatQuery): PathStat[] {
    return this.stats.listKinds(q);
  }

  // --- provider health (written by the worker, read by the controller)
  putProviderHealth(states: readonly ProviderHealth[], now = this.now()): void {
    this.health.put(states, now);
  }
  listProviderHealth(): ProviderHealth[] {
    return this.health.list();
  }

  // --- decisions (issue 5)
  /** One transaction; a decision that does not fit the schema (BAD_INPUT) or names no provider writes nothing. */
  putDecisions(batch: readonly Decision[], decidedAt: number): void {
    this.decisions.put(batch, decidedAt);
  }
  /** Rows that do not read back as decisions are left out and reported (`onCorruptRow`). */
  listDecisions(): StoredDecision[] {
    return this.decisions.list();
  }
  /** A row that does not read back is `CORRUPT_ROW`. */
  getDecision(prefix: string, prefixLength: number): StoredDecision | undefined {
    return this.decisions.get(prefix, prefixLength);
  }
  /** Provider, hysteresis state and time of every decision, verdicts unread (the controller, each evaluation). */
  listDecisionStates(): DecisionState[] {
    return this.decisions.states();
  }
  /**
   * Sources ("prefix/length") whose decision is not settled (its state's `settled` not true): the
   * worker probes them more. An index scan (migration 5), cheap enough for the probing thread.
   */
  listUnsettledSources(): string[] {
    return this.decisions.unsettled();
  }
  /** Prefix → provider of every decision, reasons unread (the responder's decision map). */
  listDecisionRoutes(): DecisionRoute[] {
    return this.decisions.routes();
  }
  /**
   * The same routes as pages of text lines, "prefix length provider" joined by "\n" (the refresh
   * thread's 1M-row read: no object per row). Read them in one transaction to get one version's.
   */
  decisionRoutePages(visit: (lines: string) => void, pageRows?: number): void {
    this.decisions.routePages(visit, pageRows);
  }
  countDecisionRoutes(): number {
    return this.decisions.routeCount();
  }
  /**
   * Route changes (insert, new provider, delete) logged after `afterSeq`, up to `limit`; not
   * `complete` when the log was trimmed past it or holds more (then read every route). Read with
   * `decisionsVersion()` in one transaction for a consistent pair.
   */
  decisionRouteChanges(afterSeq: number, limit: number): RouteChanges {
    return this.decisions.routeChangesAfter(afterSeq, limit);
  }
  /** Where the route change log ends now: a full read of the routes in the same transaction is as of this. */
  decisionRouteLogEnd(): number {
    return this.decisions.routeLogEnd();
  }
  deleteDecision(prefix: string, prefixLength: number): boolean {
    return this.decisions.delete(prefix, prefixLength);
  }
  /** Cheap poll: changes whenever any decision row changes, from any connection. */
  decisionsVersion(): number {
    return this.decisions.currentVersion();
  }
  /** SQLite's data_version: changes when another connection commits anything. */
  dataVersion(): number {
    return this.db.pragma("data_version", { simple: true }) as number;
  }

  /** "ok" when healthy; otherwise SQLite's list of problems. */
  integrityCheck(): string[] {
    return (this.db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
  }
}

function warnCorruptRow(message: string): void {
  process.emitWarning(message, { code: "DNSTEER_CORRUPT_ROW" });
}

function checkSynchronous(value: string): Synchronous {
  if (value === "OFF" || value === "NORMAL" || value === "FULL" || value === "EXTRA") return value;
  throw new StorageError("BAD_INPUT", `synchronous must be OFF, NORMAL, FULL or EXTRA, not ${value}`);
}
