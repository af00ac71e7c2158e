import type { DecisionState, PathStat, Provider, ProviderHealth, Source, Store, StoreBackend, StoredPolicy } from "@dnsteer/storage";
import type { PolicyInputReads } from "./inputs.js";

/** An evaluation's whole input: the policy input's reads and the policy stored through the API. */
export interface DecisionReads extends PolicyInputReads {
  storedPolicy(): StoredPolicy | undefined;
}

/** The synchronous SQLite store as the evaluation reads it. */
export function storeReads(store: Store): DecisionReads {
  return {
    listProviders: () => store.listProviders(),
    listProviderHealth: () => store.listProviderHealth(),
    listPathStats: () => store.listPathStats(),
    listSources: (q) => store.listSources(q),
    listDecisionStates: () => store.listDecisionStates(),
    storedPolicy: () => store.admin.policy.get(),
  };
}

/**
 * Everything one evaluation reads from a StoreBackend, awaited up front. Not one snapshot: the
 * reads are separate statements, as the SQLite controller's always were (each is consistent in
 * itself; a sample landing between two reads is seen at the next evaluation).
 */
class BackendSnapshot implements DecisionReads {
  constructor(
    private readonly providers: Provider[],
    private readonly health: ProviderHealth[],
    private readonly stats: PathStat[],
    private readonly seenSince: number,
    private readonly sources: Source[],
    private readonly states: DecisionState[],
    private readonly policy: StoredPolicy | undefined,
  ) {}
  listProviders(): Provider[] {
    return this.providers;
  }
  listProviderHealth(): ProviderHealth[] {
    return this.health;
  }
  listPathStats(): PathStat[] {
    return this.stats;
  }
  /** The sources read for this snapshot; asking for another cut is a bug in the caller. */
  listSources(q: { seenSince: number }): Source[] {
    if (q.seenSince !== this.seenSince) throw new Error(`snapshot read sources seen since ${this.seenSince}, not ${q.seenSince}`);
    return this.sources;
  }
  listDecisionStates(): DecisionState[] {
    return this.states;
  }
  storedPolicy(): StoredPolicy | undefined {
    return this.policy;
  }
}

export async function snapshotReads(backend: StoreBackend, seenSince: number): Promise<DecisionReads> {
  const [providers, health, stats, sources, states, policy] = await Promise.all([
    backend.listProviders(),
    backend.listProviderHealth(),
    backend.listPathStats(),
    backend.listSources({ seenSince }),
    backend.listDecisionStates(),
    backend.getStoredPolicy(),
  ]);
  return new BackendSnapshot(providers, health, stats, seenSince, sources, states, policy);
}
