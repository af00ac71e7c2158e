import type { Decision, PathStat, ProviderInput } from "@dnsteer/storage";

/** A decision as the decider writes it: the source's first choice, settled on `provider`. */
export const decision = (source: string, provider: string): Decision => ({
  source,
  provider,
  level: "source",
  prefixLength: Number(source.split("/")[1]),
  demandMbps: 0,
  reason: { mode: "latency", cause: "first", from: null, providers: [] },
  state: { provider, since: 0, challenger: null, challengerCount: 0 },
});

/** A provider with nothing but its name: no probing source, no service address, no cost. */
export const bareProvider = (name: string): ProviderInput => ({
  name,
  sourceV4: null,
  sourceV6: null,
  serviceA: [],
  serviceAAAA: [],
  pricePerMbps: 0,
  commitMbps: 0,
  priceAboveCommit: 0,
  capacityMbps: null,
});

/** A settled ICMP aggregate of `rttMs` over ten samples, updated at `updatedAt`. */
export function pathStat(prefix: string, provider: string, rttMs: number, prefixLength: number, updatedAt: number): PathStat {
  return {
    prefix,
    prefixLength,
    provider,
    kind: "icmp",
    ewmaRttUs: rttMs * 1000,
    medianRttUs: rttMs * 1000,
    lossRatio: 0,
    jitterUs: 0,
    sampleCount: 10,
    lastRttUs: null,
    window: Array.from({ length: 10 }, () => rttMs * 1000),
    updatedAt,
  };
}
