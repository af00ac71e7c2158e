import type { SourceInput } from "../src/index.js";

/**
 * One probe cycle: each path's robust RTT becomes the median of `window` fresh probes, each the
 * truth times (1 ± jitter) uniformly — what the worker's windowed median would report.
 */
export function measureRound(
  sources: readonly SourceInput[], names: readonly string[], truth: Float64Array, jitter: number, window: number,
  now: number, rand: () => number,
): void {
  const probes = new Float64Array(window);
  const providers = names.length;
  for (let s = 0; s < sources.length; s++) {
    const measurements = sources[s]!.measurements!;
    for (let p = 0; p < providers; p++) {
      const rtt = truth[s * providers + p]!;
      for (let i = 0; i < window; i++) probes[i] = rtt * (1 + jitter * (2 * rand() - 1));
      probes.sort();
      const path = measurements[names[p]!]!;
      path.rttMs = probes[window >> 1]!;
      path.jitterMs = probes[window - 1]! - probes[0]!;
      path.samples = window;
      path.lastUpdate = now;
    }
  }
}
