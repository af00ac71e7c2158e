import type { PathMeasurement, ProviderSpec, SourceInput } from "../src/index.js";

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * The true return-path RTT of every (source, provider): a per-source base (lognormal around
 * 25 ms: near and far resolvers), times a per-path lognormal factor (each provider's route to
 * that network), plus a provider-wide offset (some providers are simply further away).
 */
export function trueRtts(sources: number, providers: number, rand: () => number): Float64Array {
  const truth = new Float64Array(sources * providers);
  const offsets = Array.from({ length: providers }, (_, p) => p * 1.5);
  for (let s = 0; s < sources; s++) {
    const base = 25 * Math.exp(0.6 * gaussian(rand));
    for (let p = 0; p < providers; p++) truth[s * providers + p] = base * Math.exp(0.25 * gaussian(rand)) + offsets[p]!;
  }
  return truth;
}

export function simProviders(count: number): ProviderSpec[] {
  return Array.from({ length: count }, (_, p) => ({
    name: `isp${p}`,
    enabled: true,
    drained: false,
    cost: { pricePerMbps: 1 + p, commitMbps: 0 },
  }));
}

/** Sources with one (reused, mutated each round) measurement object per provider. */
export function simSources(count: number, providers: readonly ProviderSpec[], rand: () => number): SourceInput[] {
  return Array.from({ length: count }, (_, s) => ({
    key: `s${s}`,
    prefixLength: 32,
    demandRate: 10 * rand(),
    measurements: Object.fromEntries(
      providers.map((p): [string, PathMeasurement] => [p.name, { rttMs: 0, loss: 0, jitterMs: 0, samples: 0, lastUpdate: 0 }]),
    ),
  }));
}
