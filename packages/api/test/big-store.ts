import { configSchema, defaultConfig } from "@dnsteer/config";
import type { PathStat, Store } from "@dnsteer/storage";
import { PROVIDERS } from "./helpers.js";

/** 8 000 sources with a path through each of two providers: 24 000 rows, a big store (> 20 000). */
export const SOURCES = 8000;
export const address = (i: number) => `198.18.${i >> 8}.${i & 255}`;

export function seed(store: Store, t: number): void {
  store.syncProviders(configSchema.parse({ ...defaultConfig(), providers: PROVIDERS }).providers);
  const stats: PathStat[] = [];
  for (let i = 0; i < SOURCES; i++) {
    for (const [k, provider] of ["isp-a", "isp-b"].entries()) {
      const us = (10 + ((i + k * 7) % 40)) * 1000;
      // Every 100th source's isp-b path lost its last three results: down.
      const window = i % 100 === 0 && k === 1 ? [us, null, null, null] : [us, us, us];
      stats.push({
        prefix: address(i),
        prefixLength: 32,
        provider,
        kind: "icmp",
        ewmaRttUs: us,
        medianRttUs: us,
        lossRatio: window.filter((w) => w === null).length / window.length,
        jitterUs: 0,
        sampleCount: window.length,
        lastRttUs: window.at(-1) ?? null,
        window,
        updatedAt: t + i,
      });
    }
  }
  store.upsertPathStats(stats);
  store.upsertSources(
    Array.from({ length: SOURCES }, (_, i) => ({
      address: address(i),
      prefixLength: 32,
      aggregateAddress: null,
      aggregatePrefixLength: null,
      rate: i % 10,
      queries: 1,
      groupCounts: {},
      firstSeen: t,
      lastSeen: t,
      ecs: false,
    })),
  );
}
