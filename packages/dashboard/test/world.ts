import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApi, createApiKey, LocalZones } from "@dnsteer/api";
import { type Config, configSchema, defaultConfig } from "@dnsteer/config";
import type { Decision, DecisionCause, ProviderVerdict } from "@dnsteer/model";
import {
  type AnswerCountInput,
  AnswerCountRepo,
  MINUTE_MS,
  type PathStat,
  type SampleInput,
  type SourceInput,
  Store,
  ZoneReloadRepo,
} from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";

export const PROVIDERS = [
  {
    name: "isp-a",
    sourceV4: "192.0.2.1",
    serviceA: ["203.0.113.10"],
    pricePerMbps: 1,
    commitMbps: 400,
    priceAboveCommit: 3,
    capacityMbps: 1000,
  },
  {
    name: "isp-b",
    sourceV4: "192.0.2.2",
    serviceA: ["203.0.113.20"],
    pricePerMbps: 2,
    commitMbps: 200,
    priceAboveCommit: 2,
    capacityMbps: 800,
  },
  {
    name: "isp-c",
    sourceV4: "192.0.2.3",
    serviceA: ["203.0.113.30"],
    pricePerMbps: 0.5,
    commitMbps: 0,
    priceAboveCommit: 0.5,
    capacityMbps: null,
  },
];

/** A running admin API over a real SQLite store seeded like a worker and analyzer would have. */
export interface World {
  dir: string;
  /** The served zone's file (example.test.). */
  zoneFile: string;
  url: string;
  store: Store;
  app: FastifyInstance;
  config: Config;
  admin: string;
  reader: string;
  /** The sources seeded ("198.18.x.y"), in seeding order. */
  addresses: string[];
  close(): Promise<void>;
}

/** Deterministic pseudo-random numbers (a seeded LCG): the same world every run. */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const zone = (serial: number) => `$ORIGIN example.test.
$TTL 3600
@ IN SOA ns1 hostmaster ${serial} 7200 900 1209600 300
  NS ns1
ns1 A 192.0.2.53
www 300 A 192.0.2.80
`;

/**
 * `sources` resolvers in 198.18.0.0/15, each with its own path aggregates through the three
 * providers (RTTs by provider and /16, some loss), a decision for the best one (verdicts as the
 * policy writes them, made over the last hour), and an hour of probe results.
 */
export async function startWorld(sources: number): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-dashboard-"));
  const zoneFile = join(dir, "example.test.zone");
  writeFileSync(zoneFile, zone(2026120101));
  const config = configSchema.parse({
    ...defaultConfig(),
    zones: [{ file: zoneFile, origin: "example.test." }],
    dataDir: dir,
    providers: PROVIDERS,
    steering: { names: [{ name: "www.example.test." }], defaultProvider: "isp-a" },
  });
  const store = Store.open(join(dir, "dnsteer.sqlite"));
  store.syncProviders(config.providers);
  const now = Date.now();
  seed(store, sources, now);
  // The responder's last reload of the zone, as `dnsteer serve` stores it: refused at line 7.
  new ZoneReloadRepo(store.db).put([
    {
      origin: "example.test.",
      file: zoneFile,
      at: now - 60_000,
      ok: false,
      serial: 2026120101,
      records: 4,
      dataChangedSerialKept: false,
      error: { message: "192.0.2.300 is not an IPv4 address", file: zoneFile, line: 7 },
    },
  ]);
  const clock = { now: () => Date.now() };
  const app = buildApi({ store, zones: new LocalZones(config.zones, clock), config, clock });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  const admin = createApiKey(store, "ops", "admin", now).token;
  const reader = createApiKey(store, "viewer", "read", now).token;
  const addresses = Array.from({ length: sources }, (_, i) => addressOf(i));
  return {
    dir,
    zoneFile,
    url,
    store,
    app,
    config,
    admin,
    reader,
    addresses,
    async close() {
      await app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const addressOf = (i: number) => `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const CAUSES: DecisionCause[] = ["first", "best", "best", "best", "switched", "held", "failover", "capacity"];

function seed(store: Store, count: number, now: number): void {
  const rnd = random(12);
  const sourceRows: SourceInput[] = [];
  const stats: PathStat[] = [];
  const decisionsByMinute = new Map<number, Decision[]>();
  for (let i = 0; i < count; i++) {
    const address = addressOf(i);
    const region = (i >> 8) % 4; // each /24 leans to one provider
    sourceRows.push({
      address,
      prefixLength: 32,
      aggregateAddress: address.replace(/\.\d+$/, ".0"),
      aggregatePrefixLength: 24,
      rate: Math.round(50 * rnd() ** 3 * 100) / 100,
      queries: 1000 + Math.floor(rnd() * 100_000),
      groupCounts: {},
      firstSeen: now - 86_400_000,
      lastSeen: now - Math.floor(rnd() * 60_000),
      ecs: false,
    });
    const rtts = PROVIDERS.map((_, p) =>
      Math.round((8 + 40 * rnd() + (p === region % 3 ? 0 : 25 * rnd()) + (region === 3 ? 60 : 0)) * 1000),
    );
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
        window: Array.from({ length: 10 }, () => rtts[k]!),
        updatedAt: now - 5_000,
      }),
    );
    const effective = rtts.map((r, k) => r / 1000 + losses[k]! * 200);
    const best = effective.indexOf(Math.min(...effective));
    const cause = CAUSES[Math.floor(rnd() * CAUSES.length)]!;
    const verdicts: ProviderVerdict[] = PROVIDERS.map((p, k) => ({
      provider: p.name,
      kind: k === best ? "chosen" : "slower",
      by: k === best ? null : Math.round((effective[k]! - effective[best]!) * 10) / 10,
      rttMs: rtts[k]! / 1000,
      loss: losses[k]!,
      jitterMs: 0.5,
      samples: 40,
      effectiveMs: effective[k]!,
      price: p.pricePerMbps,
    }));
    const provider = PROVIDERS[best]!.name;
    const minute = Math.floor(rnd() * 60);
    const list = decisionsByMinute.get(minute) ?? [];
    list.push({
      source: `${address}/32`,
      provider,
      level: "source",
      prefixLength: 32,
      demandMbps: Math.round(sourceRows[i]!.rate * 0.006 * 1000) / 1000,
      reason: {
        mode: "latency",
        cause,
        from: cause === "switched" || cause === "failover" || cause === "capacity" ? PROVIDERS[(best + 1) % 3]!.name : null,
        providers: verdicts,
      },
      state: { provider, since: now - minute * 60_000, challenger: null, challengerCount: 0 },
    });
    decisionsByMinute.set(minute, list);
  }
  store.upsertSources(sourceRows);
  store.upsertPathStats(stats);
  for (const [minute, list] of decisionsByMinute) store.putDecisions(list, now - minute * 60_000 - 1000);
  const samples: SampleInput[] = [];
  for (let minute = 60; minute >= 1; minute--) {
    PROVIDERS.forEach((p, k) => {
      const sent = 30 + Math.floor(rnd() * 20);
      const lossRate = k === 1 && minute < 20 && minute > 10 ? 0.3 : 0.02;
      for (let j = 0; j < sent; j++) {
        samples.push({
          source: addressOf(Math.floor(rnd() * count)),
          provider: p.name,
          kind: "icmp",
          family: 4,
          rttUs: rnd() < lossRate ? null : Math.round(10_000 + rnd() * 50_000),
          at: now - minute * 60_000 + j * 1000,
        });
      }
    });
  }
  store.recordBatch(samples);
  // An hour of the responders' answer counts, as two responders would have stored them each minute.
  const minuteNow = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const answers: AnswerCountInput[] = [];
  for (let minute = 59; minute >= 0; minute--) {
    for (const responder of ["ns1", "ns2"]) {
      PROVIDERS.forEach((p, k) =>
        answers.push({
          minute: minuteNow - minute * MINUTE_MS,
          responder,
          provider: p.name,
          a: (3 - k) * 100 + Math.floor(rnd() * 50),
          aaaa: k * 10 + Math.floor(rnd() * 5),
        }),
      );
    }
  }
  new AnswerCountRepo(store.db).add(answers);
}
