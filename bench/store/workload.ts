import type { Decision, PathStat, ProviderInput, SampleInput, SourceInput } from "@dnsteer/storage";

/** The shapes a site writes at 100k sources: what the bench feeds both backends alike. */

export function providers(n: number): ProviderInput[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `p${i + 1}`,
    sourceV4: `192.0.2.${i + 1}`,
    sourceV6: null,
    serviceA: [`198.51.100.${i + 1}`],
    serviceAAAA: [],
    pricePerMbps: 1,
    commitMbps: 100,
    priceAboveCommit: 2,
    capacityMbps: 1000,
  }));
}

/** The i-th source's /24 (10.x.y.0/24 for i below 65,536, then 11.x.y.0/24...). */
export function prefixOf(i: number): string {
  return `${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0`;
}

export function demand(sources: number, at: number): SourceInput[] {
  return Array.from({ length: sources }, (_, i) => ({
    address: prefixOf(i),
    prefixLength: 24,
    aggregateAddress: null,
    aggregatePrefixLength: null,
    rate: 1 + (i % 50),
    queries: 10 + (i % 500),
    groupCounts: { "0": 1 + (i % 7) },
    firstSeen: at - 60_000,
    lastSeen: at,
    ecs: false,
  }));
}

/** One probe round: a sample per (source, provider), and the ICMP aggregate each changed. */
export function probeRound(
  from: number,
  count: number,
  providerNames: readonly string[],
  at: number,
): { samples: SampleInput[]; stats: PathStat[] } {
  const samples: SampleInput[] = [];
  const stats: PathStat[] = [];
  for (let i = from; i < from + count; i++) {
    const prefix = prefixOf(i);
    const source = prefix.slice(0, -1) + "1";
    for (const provider of providerNames) {
      const rtt = 10_000 + ((i * 7919) % 40_000);
      samples.push({ source, provider, kind: "icmp", family: 4, rttUs: rtt, at });
      stats.push({
        prefix,
        prefixLength: 24,
        provider,
        kind: "icmp",
        ewmaRttUs: rtt,
        medianRttUs: rtt,
        lossRatio: 0,
        jitterUs: 100,
        sampleCount: 8,
        lastRttUs: rtt,
        window: [rtt, rtt, rtt, rtt, rtt, rtt, rtt, rtt],
        updatedAt: at,
      });
    }
  }
  return { samples, stats };
}

export function decisions(from: number, count: number, providerNames: readonly string[], round: number): Decision[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const provider = providerNames[(i + round) % providerNames.length]!;
    return {
      source: `${prefixOf(i)}/24`,
      provider,
      level: "source",
      prefixLength: 24,
      demandMbps: 1,
      reason: { mode: "latency", cause: "switched", from: null, providers: [] },
      state: { provider, since: round, challenger: null, challengerCount: 0 },
    };
  });
}
