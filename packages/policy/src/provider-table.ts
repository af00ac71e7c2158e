import type { PolicyConfig } from "./config.js";
import { PolicyError } from "./errors.js";
import type { ProviderSpec } from "./input-types.js";

/** Why a provider is out for everyone; NONE = it may be chosen. */
export const PROVIDER_OK = 0;
export const PROVIDER_DISABLED = 1;
export const PROVIDER_DRAINED = 2;
export const PROVIDER_DOWN = 3;

/** Providers flattened into parallel arrays indexed by position, so the hot loop reads numbers. */
export interface ProviderTable {
  count: number;
  names: string[];
  index: Map<string, number>;
  /** PROVIDER_* per provider. */
  excluded: Uint8Array;
  biasMs: Float64Array;
  biasFactor: Float64Array;
  /** Marginal price below the commit: 0 when there is a commit (already paid), else the list price. */
  basePrice: Float64Array;
  priceAboveCommit: Float64Array;
  commitMbps: Float64Array;
  capacityMbps: Float64Array;
  /** Provider indexes in default order (configured names first, then input order). */
  defaultOrder: Int32Array;
}

export function compileProviders(providers: readonly ProviderSpec[], config: PolicyConfig): ProviderTable {
  const count = providers.length;
  if (count === 0) throw new PolicyError("NO_PROVIDERS", "policy needs at least one provider");
  const table: ProviderTable = {
    count,
    names: [],
    index: new Map(),
    excluded: new Uint8Array(count),
    biasMs: new Float64Array(count),
    biasFactor: new Float64Array(count),
    basePrice: new Float64Array(count),
    priceAboveCommit: new Float64Array(count),
    commitMbps: new Float64Array(count),
    capacityMbps: new Float64Array(count),
    defaultOrder: new Int32Array(count),
  };
  providers.forEach((p, i) => {
    if (table.index.has(p.name)) throw new PolicyError("DUPLICATE_PROVIDER", `provider ${p.name} listed twice`);
    table.names.push(p.name);
    table.index.set(p.name, i);
    table.excluded[i] = !p.enabled ? PROVIDER_DISABLED : p.drained ? PROVIDER_DRAINED : p.down ? PROVIDER_DOWN : PROVIDER_OK;
    table.biasMs[i] = p.biasMs ?? 0;
    table.biasFactor[i] = 1 + (p.biasPercent ?? 0) / 100;
    const commit = Math.max(0, p.cost.commitMbps);
    table.commitMbps[i] = commit;
    table.basePrice[i] = commit > 0 ? 0 : p.cost.pricePerMbps;
    table.priceAboveCommit[i] = p.cost.priceAboveCommit ?? p.cost.pricePerMbps;
    table.capacityMbps[i] = p.capacityMbps ?? Infinity;
  });
  fillDefaultOrder(table, config.defaultProviders);
  return table;
}

function fillDefaultOrder(table: ProviderTable, configured: readonly string[]): void {
  const seen = new Uint8Array(table.count);
  let next = 0;
  for (const name of configured) {
    const i = table.index.get(name);
    if (i === undefined) throw new PolicyError("UNKNOWN_PROVIDER", `default provider ${name} is not a provider`);
    if (seen[i]) continue;
    seen[i] = 1;
    table.defaultOrder[next++] = i;
  }
  for (let i = 0; i < table.count; i++) if (!seen[i]) table.defaultOrder[next++] = i;
}

/** First usable provider in default order; when none is usable, the first merely down one, else the first. */
export function defaultProvider(table: ProviderTable, usable: (p: number) => boolean): { provider: number; allDown: boolean } {
  for (const p of table.defaultOrder) if (usable(p)) return { provider: p, allDown: false };
  for (const p of table.defaultOrder) if (table.excluded[p] === PROVIDER_DOWN) return { provider: p, allDown: true };
  return { provider: table.defaultOrder[0]!, allDown: true };
}
