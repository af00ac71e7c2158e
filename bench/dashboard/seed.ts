import { addressOf, loadTree, PROVIDERS, random } from "./tree.js";

/**
 * `seed.ts TREE DB SOURCES`: a store as a worker and analyzer of TREE would have left it: SOURCES
 * resolvers (/32, aggregate /24), a path aggregate per provider each (window of 15 results), a
 * decision each with its verdicts, and an hour of probe results. Written with TREE's own storage
 * so its schema is the older one and the newer tree migrates it on open.
 */
const [root, file, count] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4] ?? 100_000)];
const { storage, config: cfg } = await loadTree(root);
const config = cfg.configSchema.parse({ ...cfg.defaultConfig(), providers: PROVIDERS });
const store = storage.Store.open(file);
store.syncProviders(config.providers);
const now = Date.now();
const rnd = random(12);
const CAUSES = ["first", "best", "best", "best", "switched", "held", "failover", "capacity"];
const CHUNK = 10_000;
for (let start = 0; start < count; start += CHUNK) {
  const sources: object[] = [];
  const stats: object[] = [];
  const decisions: object[] = [];
  for (let i = start; i < Math.min(count, start + CHUNK); i++) {
    const address = addressOf(i);
    const region = (i >> 8) % 4;
    const rate = Math.round(50 * rnd() ** 3 * 100) / 100;
    sources.push({
      address,
      prefixLength: 32,
      aggregateAddress: address.replace(/\.\d+$/, ".0"),
      aggregatePrefixLength: 24,
      rate,
      queries: 1000 + Math.floor(rnd() * 100_000),
      groupCounts: {},
      firstSeen: now - 86_400_000,
      lastSeen: now - Math.floor(rnd() * 60_000),
      ecs: false,
    });
    const rtts = PROVIDERS.map((_, p) => Math.round((8 + 40 * rnd() + (p === region % 3 ? 0 : 25 * rnd())) * 1000));
    const losses = PROVIDERS.map(() => (rnd() < 0.1 ? Math.round(rnd() * 30) / 100 : 0));
    PROVIDERS.forEach((p, k) =>
      stats.push({
        prefix: address,
        prefixLength: 32,
        provider: p.name,
        kind: "icmp",
        ewmaRttUs: rtts[k]! + 300,
        medianRttUs: rtts[k]!,
        lossRatio: losses[k]!,
        jitterUs: 500,
        sampleCount: 40,
        lastRttUs: rtts[k]!,
        window: Array.from({ length: 15 }, (_, j) => (j === 14 && losses[k]! > 0.2 ? null : rtts[k]! + j)),
        updatedAt: now - 5_000,
      }),
    );
    const effective = rtts.map((r, k) => r / 1000 + losses[k]! * 200);
    const best = effective.indexOf(Math.min(...effective));
    const cause = CAUSES[Math.floor(rnd() * CAUSES.length)]!;
    const provider = PROVIDERS[best]!.name;
    decisions.push({
      source: `${address}/32`,
      provider,
      level: "source",
      prefixLength: 32,
      demandMbps: Math.round(rate * 6) / 1000,
      reason: {
        mode: "latency",
        cause,
        from: cause === "switched" || cause === "failover" || cause === "capacity" ? PROVIDERS[(best + 1) % 3]!.name : null,
        providers: PROVIDERS.map((p, k) => ({
          provider: p.name,
          kind: k === best ? "chosen" : "slower",
          by: k === best ? null : Math.round((effective[k]! - effective[best]!) * 10) / 10,
          rttMs: rtts[k]! / 1000,
          loss: losses[k]!,
          jitterMs: 0.5,
          samples: 40,
          effectiveMs: effective[k]!,
          price: p.pricePerMbps,
        })),
      },
      state: { provider, since: now - 600_000, challenger: null, challengerCount: 0 },
    });
  }
  store.upsertSources(sources);
  store.upsertPathStats(stats);
  store.putDecisions(decisions, now - 60_000);
}
const samples: object[] = [];
for (let minute = 60; minute >= 1; minute--) {
  for (const p of PROVIDERS) {
    for (let j = 0; j < 40; j++) {
      samples.push({
        source: addressOf(Math.floor(rnd() * count)),
        provider: p.name,
        kind: "icmp",
        family: 4,
        rttUs: rnd() < 0.02 ? null : Math.round(10_000 + rnd() * 50_000),
        at: now - minute * 60_000 + j * 1000,
      });
    }
  }
}
store.recordBatch(samples);
store.close();
