import type { ProviderTable } from "./provider-table.js";

export const LEVEL_SOURCE = 0;
export const LEVEL_PREFIX = 1;
export const LEVEL_DEFAULT = 2;

/**
 * Every per-source figure of one evaluation in flat typed arrays (row s, column p at s*P+p),
 * so 100k × 8 evaluations allocate a handful of buffers instead of a million objects.
 */
export interface Workspace {
  sources: number;
  providers: number;
  /** STATUS_* per (source, provider). */
  status: Uint8Array;
  /** Effective RTT per (source, provider); NaN when untrusted. */
  effective: Float64Array;
  /** LEVEL_* per source. */
  level: Uint8Array;
  /** latency-within-cost: the effective RTT a provider may have and still qualify. */
  toleranceLimit: Float64Array;
  demandMbps: Float64Array;
  /** Provider index of the previous decision; -1 for none or a provider no longer listed. */
  previous: Int32Array;
  chosen: Int32Array;
  /** CAUSE_* per source. */
  cause: Uint8Array;
  /** The challenger the source counts (kept even when it switches, for capacity reverts). */
  challenger: Int32Array;
  challengerCount: Int32Array;
  /** Provider the balancing moved the source off; -1 when not moved. */
  movedFrom: Int32Array;
}

export function createWorkspace(sources: number, table: ProviderTable): Workspace {
  const cells = sources * table.count;
  return {
    sources, providers: table.count,
    status: new Uint8Array(cells), effective: new Float64Array(cells),
    level: new Uint8Array(sources), toleranceLimit: new Float64Array(sources), demandMbps: new Float64Array(sources),
    previous: new Int32Array(sources).fill(-1), chosen: new Int32Array(sources).fill(-1),
    cause: new Uint8Array(sources), challenger: new Int32Array(sources).fill(-1),
    challengerCount: new Int32Array(sources), movedFrom: new Int32Array(sources).fill(-1),
  };
}
