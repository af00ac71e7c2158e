import { splitPrefixKey } from "@dnsteer/net";
import type { DecisionPageQuery, DecisionSummary } from "../decision-page.js";
import type { DecisionState } from "../decisions.js";
import { StorageError } from "../errors.js";
import type { PathStatQuery } from "../path-stats.js";
import type { StoredPolicy } from "../policy-settings.js";
import type { ProbeRequest } from "../probe-requests.js";
import type { ProviderOverride } from "../provider-overrides.js";
import type { SourceQuery } from "../sources.js";
import type { SteeredNameChange } from "../steered-names.js";
import { Store, type StoreOptions } from "../store.js";
import type {
  Decision,
  PathStat,
  Provider,
  ProviderHealth,
  ProviderInput,
  ProviderSettings,
  SampleInput,
  Source,
  SourceInput,
  StoredDecision,
} from "../types.js";
import type {
  DecisionChanges,
  DecisionMap,
  MapWatch,
  RetentionPolicy,
  RetentionResult,
  SiteSample,
  SiteSampleQuery,
  StoreBackend,
  WatchOptions,
} from "./backend.js";
import { DemandLedger } from "./demand-ledger.js";
import type { LeaderElection } from "./leader.js";
import { ProcessLeaderElection } from "./process-leader.js";
import { SqliteAdmin } from "./sqlite-admin.js";
import { PollingMapWatch } from "./sqlite-watch.js";

export interface SqliteBackendOptions extends StoreOptions {
  /** The one probe site whose samples this file holds (default "local"). */
  site?: string;
}

/**
 * The StoreBackend over dnsteer's SQLite file: the existing `Store`, same schema and migrations.
 * One host: samples of its own probe site only; responders' demand merged in memory (a restart
 * forgets the other responders' share until they report again, within one analyzer interval).
 */
export class SqliteBackend implements StoreBackend {
  readonly kind = "sqlite";
  readonly sites = "one";
  private readonly ledger = new DemandLedger();
  private readonly admin: SqliteAdmin;

  constructor(
    readonly store: Store,
    readonly site: string,
    private readonly scope: string,
  ) {
    this.admin = new SqliteAdmin(store);
  }

  static open(path: string, opts: SqliteBackendOptions = {}): SqliteBackend {
    return new SqliteBackend(Store.open(path, opts), opts.site ?? "local", path);
  }

  async syncProviders(list: readonly ProviderInput[]): Promise<void> {
    this.store.syncProviders(list);
  }
  async listProviders(): Promise<Provider[]> {
    return this.store.listProviders();
  }

  async reportDemand(responder: string, batch: readonly SourceInput[]): Promise<number> {
    checkName("responder", responder);
    this.store.upsertSources(this.ledger.report(responder, batch));
    return batch.length;
  }
  async listSources(q?: SourceQuery): Promise<Source[]> {
    return this.store.listSources(q);
  }

  async recordSamples(site: string, samples: readonly SampleInput[], stats: readonly PathStat[] = []): Promise<number> {
    if (site !== this.site) {
      throw new StorageError(
        "BAD_INPUT",
        `this SQLite store holds probe site ${JSON.stringify(this.site)}'s samples, not ${JSON.stringify(site)}'s`,
      );
    }
    return this.store.recordBatch(samples, stats).count;
  }
  async listSamples(q: SiteSampleQuery = {}): Promise<SiteSample[]> {
    if (q.site !== undefined && q.site !== this.site) return [];
    return this.store.listSamples(q).map((s) => ({ ...s, site: this.site }));
  }
  async countSamples(): Promise<number> {
    return this.store.countSamples();
  }
  async listPathStats(q?: PathStatQuery): Promise<PathStat[]> {
    return this.store.listPathStats(q);
  }
  async listPathKindStats(q?: PathStatQuery): Promise<PathStat[]> {
    return this.store.listPathKindStats(q);
  }

  async writeDecisions(batch: readonly Decision[], decidedAt: number): Promise<number> {
    // Nested: putDecisions' own transaction becomes a savepoint, so the version read is this write's.
    return this.store.db
      .transaction(() => {
        this.store.putDecisions(batch, decidedAt);
        return this.store.decisionsVersion();
      })
      .immediate();
  }
  async listDecisions(): Promise<StoredDecision[]> {
    return this.store.listDecisions();
  }
  async listUnsettledDecisions(): Promise<StoredDecision[]> {
    const out: StoredDecision[] = [];
    for (const source of this.store.listUnsettledSources()) {
      const [prefix, length] = splitPrefixKey(source);
      try {
        const d = this.store.getDecision(prefix, length);
        if (d) out.push(d);
      } catch (err) {
        // A row that does not read back is left out, as listDecisions leaves it out.
        if (!(err instanceof StorageError && err.code === "CORRUPT_ROW")) throw err;
      }
    }
    return out;
  }
  /** Always everything (SQLite keeps no tombstones; on one host the map is local anyway). */
  async decisionChanges(_since: number): Promise<DecisionChanges> {
    return this.store.db.transaction(() => ({
      version: this.store.decisionsVersion(),
      full: true,
      upserts: this.store.listDecisions(),
      deletes: [],
    }))();
  }
  async listDecisionStates(): Promise<DecisionState[]> {
    return this.store.listDecisionStates();
  }
  async deleteDecisions(sources: readonly string[]): Promise<number> {
    const keys = sources.map((s) => sourceKey(s));
    return this.store.db
      .transaction(() => {
        for (const [prefix, length] of keys) this.store.deleteDecision(prefix, length);
        return this.store.decisionsVersion();
      })
      .immediate();
  }
  async readDecisionMap(): Promise<DecisionMap> {
    // One read transaction: WAL gives it one snapshot, so the version is the routes'.
    return this.store.db.transaction(() => ({ version: this.store.decisionsVersion(), routes: this.store.listDecisionRoutes() }))();
  }
  async mapVersion(): Promise<number> {
    return this.store.decisionsVersion();
  }
  async watchMapVersion(known: number, onVersion: (version: number) => void, opts: WatchOptions = {}): Promise<MapWatch> {
    return new PollingMapWatch(() => this.store.decisionsVersion(), known, onVersion, opts);
  }

  async getStoredPolicy(): Promise<StoredPolicy | undefined> {
    return this.store.admin.policy.get();
  }

  // The admin API's shared state (SharedAdminStore): sqlite-admin.ts.
  listProviderOverrides(): Promise<ProviderOverride[]> {
    return this.admin.listProviderOverrides();
  }
  putProviderOverride(
    name: string,
    settings: Partial<ProviderSettings> | null,
    configured: readonly ProviderInput[],
    now: number,
  ): Promise<void> {
    return this.admin.putProviderOverride(name, settings, configured, now);
  }
  /** SQLite stamps the row with the Store's own clock (`now` is for the contract's other backend). */
  setProviderDrained(name: string, drained: boolean, configured: readonly ProviderInput[], _now?: number): Promise<void> {
    return this.admin.setProviderDrained(name, drained, configured);
  }
  putStoredPolicy(settings: Record<string, unknown>, now: number): Promise<void> {
    return this.admin.putStoredPolicy(settings, now);
  }
  listSteeredNames(): Promise<SteeredNameChange[]> {
    return this.admin.listSteeredNames();
  }
  putSteeredName(change: SteeredNameChange): Promise<void> {
    return this.admin.putSteeredName(change);
  }
  getDecision(source: string): Promise<StoredDecision | undefined> {
    return this.admin.getDecision(source);
  }
  pageDecisions(q: DecisionPageQuery): Promise<{ items: DecisionSummary[]; total: number }> {
    return this.admin.pageDecisions(q);
  }
  addProbeRequest(address: string, provider: string | null, by: string, now: number): Promise<ProbeRequest> {
    return this.admin.addProbeRequest(address, provider, by, now);
  }
  getProbeRequest(id: number): Promise<ProbeRequest | undefined> {
    return this.admin.getProbeRequest(id);
  }
  pageProbeRequests(limit: number, offset: number): Promise<{ items: ProbeRequest[]; total: number }> {
    return this.admin.pageProbeRequests(limit, offset);
  }

  async putProviderHealth(states: readonly ProviderHealth[], now?: number): Promise<void> {
    this.store.putProviderHealth(states, now);
  }
  async listProviderHealth(): Promise<ProviderHealth[]> {
    return this.store.listProviderHealth();
  }

  async retain(policy: RetentionPolicy): Promise<RetentionResult> {
    const samples = policy.samplesBefore === undefined ? 0 : this.store.deleteSamplesBefore(policy.samplesBefore);
    let sources = 0;
    if (policy.sourcesNotSeenSince !== undefined) {
      this.store.upsertSources(this.ledger.forgetBefore(policy.sourcesNotSeenSince));
      sources = this.store.deleteSourcesNotSeenSince(policy.sourcesNotSeenSince);
    }
    return { samples, sources };
  }

  leaderElection(name: string): LeaderElection {
    return new ProcessLeaderElection(this.scope, name);
  }

  async close(): Promise<void> {
    this.store.close();
  }
}

/** "prefix/length" as the decisions table's key; anything else is BAD_INPUT (nothing deleted). */
function sourceKey(source: string): [string, number] {
  try {
    return splitPrefixKey(source);
  } catch (err) {
    throw new StorageError("BAD_INPUT", `decision source: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function checkName(what: string, name: string): void {
  if (typeof name !== "string" || name.length === 0 || name.length > 200) {
    throw new StorageError("BAD_INPUT", `${what} must be a name of 1 to 200 characters, not ${JSON.stringify(name)}`);
  }
}
