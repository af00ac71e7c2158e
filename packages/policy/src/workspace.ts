import type { ProviderTable } from "./provider-table.js";

export const LEVEL_SOURCE = 0;
export const LEVEL_PREFIX = 1;
export const LEVEL_DEFAULT = 2;

/**
 * What a decision was based on, coarsest first: a guess from the default order or the source's
 * aggregate, the source's own data with some provider still unmeasured, or its own data for every
 * provider it may use. A decision is never defended against a basis finer than its own.
 */
export const BASIS_DEFAULT = 0;
export const BASIS_PREFIX = 1;
export const BASIS_PARTIAL = 2;
export const BASIS_SOURCE = 3;

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
  /** Standard error of `effective` (0 for a path reported without samples: taken as exact). */
  effectiveSe: Float64Array;
  /** Degrees of freedom of that standard error (Infinity when exact). */
  effectiveDf: Float64Array;
  /** The path's RTT level as ranked (its current regime's trimmed mean), ms; NaN when none. */
  rttLevel: Float64Array;
  /** LEVEL_* per source. */
  level: Uint8Array;
  /** BASIS_* per source. */
  basis: Uint8Array;
  /** 1 when no alternative could beat the chosen provider by more than the margin (at the confidence). */
  settled: Uint8Array;
  /** z of the recorded challenger beating the incumbent (NaN: not compared). */
  challengerZ: Float64Array;
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
    sources,
    providers: table.count,
    status: new Uint8Array(cells),
    effective: new Float64Array(cells),
    effectiveSe: new Float64Array(cells),
    effectiveDf: new Float64Array(cells),
    rttLevel: new Float64Array(cells),
    level: new Uint8Array(sources),
    basis: new Uint8Array(sources),
    settled: new Uint8Array(sources),
    challengerZ: new Float64Array(sources).fill(NaN),
    toleranceLimit: new Float64Array(sources),
    demandMbps: new Float64Array(sources),
    previous: new Int32Array(sources).fill(-1),
    chosen: new Int32Array(sources).fill(-1),
    cause: new Uint8Array(sources),
    challenger: new Int32Array(sources).fill(-1),
    challengerCount: new Int32Array(sources),
    movedFrom: new Int32Array(sources).fill(-1),
  };
}
