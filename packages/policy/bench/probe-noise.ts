import type { SourceInput } from "../src/index.js";

/**
 * One probe cycle: each path gets `window` fresh probes, each the truth times (1 ± jitter)
 * uniformly; their median is folded into the path's EWMA (weight `alpha`; 1 = the plain windowed
 * median of this cycle) — the robust RTT the worker reports. `smoothed` holds the EWMA per path.
 */
export function measureRound(
  sources: readonly SourceInput[],
  names: readonly string[],
  truth: Float64Array,
  jitter: number,
  window: number,
  alpha: number,
  smoothed: Float64Array,
  now: number,
  rand: () => number,
): void {
  const probes = new Float64Array(window);
  const providers = names.length;
  for (let s = 0; s < sources.length; s++) {
    const measurements = sources[s]!.measurements!;
    for (let p = 0; p < providers; p++) {
      const rtt = truth[s * providers + p]!;
      for (let i = 0; i < window; i++) probes[i] = rtt * (1 + jitter * (2 * rand() - 1));
      sortSmall(probes);
      const path = measurements[names[p]!]!;
      const median = probes[window >> 1]!;
      const cell = s * providers + p;
      smoothed[cell] = smoothed[cell] === 0 ? median : smoothed[cell]! + alpha * (median - smoothed[cell]!);
      path.rttMs = smoothed[cell]!;
      path.jitterMs = probes[window - 1]! - probes[0]!;
      path.samples = Math.min(path.samples + window, 64);
      path.lastUpdate = now;
    }
  }
}

/** Insertion sort: for a window of ~9 it beats TypedArray#sort by a wide margin. */
function sortSmall(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}
