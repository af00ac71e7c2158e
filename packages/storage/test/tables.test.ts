import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../src/index.js";
import { decision, provider, source, tempDir } from "./helpers.js";

const tmp = tempDir();
const clock = 1_000;
const open = () => Store.open(tmp.file(), { now: () => clock });
afterEach(() => tmp.cleanup());

describe("providers", () => {
  it("syncs from config, keeps drained across syncs, disables providers missing from config", () => {
    const store = open();
    store.syncProviders([provider("a"), provider("b", { serviceAAAA: ["2001:DB8::0:5"] })]);
    store.setDrained("a", true);
    store.syncProviders([provider("a", { pricePerMbps: 3 })]);
    const [a, b] = store.listProviders();
    expect(a).toMatchObject({ name: "a", drained: true, enabled: true, pricePerMbps: 3, billingPercentile: 95 });
    expect(b).toMatchObject({ name: "b", enabled: false, serviceAAAA: ["2001:db8::5"] });
    expect(() => store.setDrained("zzz", true)).toThrow(expect.objectContaining({ code: "UNKNOWN_PROVIDER" }));
    store.close();
  });
});

describe("sources", () => {
  it("upserts a batch, keeps the earliest first_seen, canonicalizes IPv6, orders by demand", () => {
    const store = open();
    store.upsertSources([source("192.0.2.1", { rate: 1, firstSeen: 50 }), source("2001:DB8:0::1", { rate: 9 })]);
    store.upsertSources([
      source("192.0.2.1", {
        rate: 20,
        queries: 7,
        firstSeen: 90,
        lastSeen: 2000,
        groupCounts: { www: 7 },
        aggregateAddress: "192.0.2.0",
        aggregatePrefixLength: 24,
      }),
    ]);
    const list = store.listSources();
    expect(list.map((s) => s.address)).toEqual(["192.0.2.1", "2001:db8::1"]);
    expect(list[0]).toMatchObject({
      family: 4,
      rate: 20,
      queries: 7,
      firstSeen: 50,
      lastSeen: 2000,
      groupCounts: { www: 7 },
      aggregateAddress: "192.0.2.0",
      aggregatePrefixLength: 24,
    });
    expect(store.listSources({ seenSince: 1500 }).map((s) => s.address)).toEqual(["192.0.2.1"]);
    expect(store.listSources({ limit: 1 })).toHaveLength(1);
    expect(store.deleteSourcesNotSeenSince(1500)).toBe(1);
    expect(() => store.upsertSources([source("not-an-ip")])).toThrow(expect.objectContaining({ code: "BAD_INPUT" }));
    expect(() => store.upsertSources([source("192.0.2.9", { prefixLength: 33 })])).toThrow(expect.objectContaining({ code: "BAD_INPUT" }));
    store.close();
  });
});

describe("samples", () => {
  it("records a batch with contiguous ids, loss as null, and applies retention", () => {
    const store = open();
    const batch = Array.from({ length: 100 }, (_, i) => ({
      source: "192.0.2.1",
      provider: "a",
      kind: "icmp" as const,
      family: 4 as const,
      rttUs: i % 10 === 0 ? null : 1000 + i,
      at: i,
    }));
    const committed = store.recordBatch(batch);
    expect(committed.count).toBe(100);
    expect(committed.lastId - committed.firstId).toBe(99);
    expect(store.listSamples({ since: 95 }).map((s) => s.rttUs)).toEqual([1095, 1096, 1097, 1098, 1099]);
    expect(store.listSamples({ limit: 1 })[0]!.rttUs).toBeNull();
    expect(store.deleteSamplesBefore(60)).toBe(60);
    expect(store.countSamples()).toBe(40);
    expect(store.listSamples()[0]!.at).toBe(60);
    store.close();
  });

  it("rolls back the whole batch when one sample is invalid", () => {
    const store = open();
    const good = { source: "192.0.2.1", provider: "a", kind: "tcp" as const, family: 4 as const, rttUs: 5, at: 1 };
    expect(() => store.recordBatch([good, { ...good, source: "bogus" }])).toThrow();
    expect(store.countSamples()).toBe(0);
    store.close();
  });
});

describe("path_stats and decisions", () => {
  it("stores aggregates with their window and reads them back by key and by provider", () => {
    const store = open();
    const stat = {
      prefix: "192.0.2.0",
      prefixLength: 24,
      provider: "a",
      kind: "icmp" as const,
      ewmaRttUs: 1500.5,
      medianRttUs: 1400,
      lossRatio: 0.25,
      jitterUs: 30,
      sampleCount: 4,
      lastRttUs: 1400,
      window: [1400, null, 1500, 1300],
      updatedAt: 7,
    };
    store.recordBatch([], [stat]);
    store.upsertPathStats([{ ...stat, provider: "b", lossRatio: 1, ewmaRttUs: null, medianRttUs: null, lastRttUs: 12.6 }]);
    expect(store.getPathStat("192.0.2.0", 24, "b")!.lastRttUs).toBe(13); // fractional microseconds rounded, STRICT column
    expect(store.getPathStat("192.0.2.0", 24, "a")).toEqual(stat);
    expect(store.listPathStats({ provider: "b" })[0]!.lossRatio).toBe(1);
    expect(store.listPathStats({ prefix: "192.0.2.0", prefixLength: 24 })).toHaveLength(2);
    store.close();
  });

  it("puts decisions, bumps the version on every change, rejects unknown providers", () => {
    const store = open();
    store.syncProviders([provider("a"), provider("b")]);
    expect(store.decisionsVersion()).toBe(0);
    store.putDecisions([decision("192.0.2.0/24", "a")], 1);
    const v1 = store.decisionsVersion();
    const moved = decision("192.0.2.0/24", "b", {
      level: "prefix",
      prefixLength: 16,
      reason: { mode: "cost", cause: "failover", from: "a", providers: [] },
    });
    store.putDecisions([moved], 2);
    expect(store.decisionsVersion()).toBeGreaterThan(v1);
    expect(store.getDecision("192.0.2.0", 24)).toEqual({ ...moved, decidedAt: 2 });
    expect(store.listDecisionRoutes()).toEqual([{ prefix: "192.0.2.0", prefixLength: 24, provider: "b" }]);
    expect(() => store.putDecisions([decision("2001:db8::/48", "nope")], 3)).toThrow(expect.objectContaining({ code: "UNKNOWN_PROVIDER" }));
    expect(store.listDecisions()).toHaveLength(1);
    expect(store.deleteDecision("192.0.2.0", 24)).toBe(true);
    expect(store.listDecisions()).toHaveLength(0);
    store.close();
  });
});
