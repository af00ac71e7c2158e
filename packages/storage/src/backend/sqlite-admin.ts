import { splitPrefixKey } from "@dnsteer/net";
import { canonicalAddress } from "../address.js";
import type { DecisionPageQuery, DecisionSummary } from "../decision-page.js";
import { StorageError } from "../errors.js";
import type { ProbeRequest } from "../probe-requests.js";
import type { ProviderOverride } from "../provider-overrides.js";
import type { SteeredNameChange } from "../steered-names.js";
import type { Store } from "../store.js";
import type { ProviderInput, ProviderSettings, StoredDecision } from "../types.js";
import type { SharedAdminStore } from "./admin-backend.js";
import { checkProviderName, checkSteeredNameChange } from "./admin-checks.js";

/** `SharedAdminStore` over the SQLite `Store` (SqliteBackend delegates here): each write one IMMEDIATE transaction. */
export class SqliteAdmin implements SharedAdminStore {
  constructor(private readonly store: Store) {}

  async listProviderOverrides(): Promise<ProviderOverride[]> {
    return this.store.admin.providerOverrides.list();
  }

  async putProviderOverride(
    name: string,
    settings: Partial<ProviderSettings> | null,
    configured: readonly ProviderInput[],
    now: number,
  ): Promise<void> {
    checkProviderName(name);
    this.store.db
      .transaction(() => {
        if (settings) this.store.admin.providerOverrides.put(name, settings, now);
        else this.store.admin.providerOverrides.delete(name);
        this.store.syncProviders(configured);
      })
      .immediate();
  }

  async setProviderDrained(name: string, drained: boolean, configured: readonly ProviderInput[]): Promise<void> {
    this.store.db
      .transaction(() => {
        if (!this.store.getProvider(name)) this.store.syncProviders(configured);
        this.store.setDrained(name, drained);
      })
      .immediate();
  }

  async putStoredPolicy(settings: Record<string, unknown>, now: number): Promise<void> {
    this.store.admin.policy.put(settings, now);
  }

  async listSteeredNames(): Promise<SteeredNameChange[]> {
    return this.store.admin.steeredNames.list();
  }

  async putSteeredName(change: SteeredNameChange): Promise<void> {
    checkSteeredNameChange(change);
    this.store.admin.steeredNames.put(change);
  }

  async getDecision(source: string): Promise<StoredDecision | undefined> {
    let key: [string, number];
    try {
      key = splitPrefixKey(source);
    } catch (err) {
      throw new StorageError("BAD_INPUT", `decision source: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return this.store.getDecision(canonicalAddress(key[0]).address, key[1]);
  }

  async pageDecisions(q: DecisionPageQuery): Promise<{ items: DecisionSummary[]; total: number }> {
    return this.store.admin.decisions.page(q);
  }

  async addProbeRequest(address: string, provider: string | null, by: string, now: number): Promise<ProbeRequest> {
    return this.store.admin.probeRequests.add(address, provider, by, now);
  }

  async getProbeRequest(id: number): Promise<ProbeRequest | undefined> {
    return this.store.admin.probeRequests.get(id);
  }

  async pageProbeRequests(limit: number, offset: number): Promise<{ items: ProbeRequest[]; total: number }> {
    return this.store.admin.probeRequests.page(limit, offset);
  }
}
