import type { DecisionPageQuery, DecisionSummary } from "../decision-page.js";
import type { ProbeRequest } from "../probe-requests.js";
import type { ProviderOverride } from "../provider-overrides.js";
import type { SteeredNameChange } from "../steered-names.js";
import type { ProviderInput, ProviderSettings, StoredDecision } from "../types.js";

/**
 * The admin API's operator state that the decider and every site depend on, in the shared
 * store: provider overrides and drains, the stored policy (read back with `getStoredPolicy`),
 * steered names; and the decision reads `explain` and the decision list need. On PostgreSQL the API writes here
 * first and its local file after, so a change made at one site reaches the decider and the
 * others (apps/dnsteer src/cluster mirrors it into each site's file).
 */
export interface SharedAdminStore {
  /** Every provider override, by name. */
  listProviderOverrides(): Promise<ProviderOverride[]>;
  /**
   * Stores one provider's override (`null`: removes it) and rewrites the providers from
   * `configured` with every override applied, in one transaction.
   */
  putProviderOverride(
    name: string,
    settings: Partial<ProviderSettings> | null,
    configured: readonly ProviderInput[],
    now: number,
  ): Promise<void>;
  /**
   * Sets a provider's drained flag. A provider without a row yet (added through the API) is
   * synced from `configured` first, in the same transaction; still none: UNKNOWN_PROVIDER.
   */
  setProviderDrained(name: string, drained: boolean, configured: readonly ProviderInput[], now: number): Promise<void>;
  /** Replaces the stored policy settings (the decider layers them over its config's). */
  putStoredPolicy(settings: Record<string, unknown>, now: number): Promise<void>;
  /** Steered names added or removed through the API (names normalised: lower case, trailing dot). */
  listSteeredNames(): Promise<SteeredNameChange[]>;
  putSteeredName(change: SteeredNameChange): Promise<void>;
  /** The stored decision of one source ("prefix/length"), if any. */
  getDecision(source: string): Promise<StoredDecision | undefined>;
  /** Decisions as the API lists them: filtered by provider, level and cause, by prefix, a page at a time. */
  pageDecisions(q: DecisionPageQuery): Promise<{ items: DecisionSummary[]; total: number }>;
  /**
   * An operator's probe request (the API checked the scope). On PostgreSQL every probe site
   * carries it out through the providers it hosts and the answers are merged into its results.
   */
  addProbeRequest(address: string, provider: string | null, by: string, now: number): Promise<ProbeRequest>;
  getProbeRequest(id: number): Promise<ProbeRequest | undefined>;
  /** Newest first. */
  pageProbeRequests(limit: number, offset: number): Promise<{ items: ProbeRequest[]; total: number }>;
}
