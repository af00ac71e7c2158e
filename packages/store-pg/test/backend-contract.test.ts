import { type DecisionChanges, StorageError, type StoreBackend } from "@dnsteer/storage";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { collector, decision, postgresKind, provider, sample, source, sqliteKind, stat } from "./fixtures.js";

/**
 * The repository tests every StoreBackend must pass: the same file runs them on a SQLite file in
 * a temporary folder and on a real PostgreSQL (a throwaway cluster, a fresh database per test).
 */
describe.each([sqliteKind(), postgresKind()])("$name backend", (kind) => {
  let store: StoreBackend;
  const extra: StoreBackend[] = [];
  beforeAll(() => kind.setup());
  afterAll(() => kind.stop());
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await store?.close();
  });
  const open = async () => {
    store = await kind.open();
    await store.syncProviders([provider("p1"), provider("p2")]);
    return store;
  };
  const another = async () => {
    const s = await kind.reopen();
    extra.push(s);
    return s;
  };

  describe("providers", () => {
    it("syncs the config's list and disables providers it no longer names", async () => {
      await open();
      await store.syncProviders([provider("p2"), provider("p3")]);
      const list = await store.listProviders();
      expect(list.map((p) => [p.name, p.enabled])).toEqual([
        ["p1", false],
        ["p2", true],
        ["p3", true],
      ]);
      expect(list[1]!.serviceAAAA).toEqual(["2001:db8::5"]);
    });
  });

  describe("sources and demand", () => {
    it("stores one responder's sources canonically, highest rate first", async () => {
      await open();
      await store.reportDemand("r1", [
        source("2001:DB8:0:0:0:0:0:0", { rate: 2, groupCounts: { "0": 4 }, ecs: true }),
        source("192.0.2.0", { rate: 5 }),
      ]);
      const list = await store.listSources();
      expect(list.map((s) => [s.address, s.prefixLength, s.family, s.rate])).toEqual([
        ["192.0.2.0", 24, 4, 5],
        ["2001:db8::", 56, 6, 2],
      ]);
      expect(list[1]).toMatchObject({ groupCounts: { "0": 4 }, ecs: true });
      expect((await store.listSources({ limit: 1 })).length).toBe(1);
    });

    it("merges a source seen at two responders into one with the sum of their demand", async () => {
      await open();
      await store.reportDemand("r1", [
        source("192.0.2.0", { rate: 3, queries: 30, groupCounts: { "0": 1, "1": 2 }, firstSeen: 100, lastSeen: 900 }),
      ]);
      await store.reportDemand("r2", [
        source("192.0.2.0", { rate: 4, queries: 40, groupCounts: { "1": 5 }, firstSeen: 50, lastSeen: 800, ecs: true }),
        source("198.51.100.0", { rate: 1 }),
      ]);
      const [merged, other] = await store.listSources();
      expect(merged).toMatchObject({ address: "192.0.2.0", rate: 7, queries: 70, firstSeen: 50, lastSeen: 900, ecs: true });
      expect(merged!.groupCounts).toEqual({ "0": 1, "1": 7 });
      expect(other).toMatchObject({ address: "198.51.100.0", rate: 1 });

      // A new report replaces that responder's share; it is not added again.
      await store.reportDemand("r1", [source("192.0.2.0", { rate: 1, queries: 10, groupCounts: {}, firstSeen: 100, lastSeen: 1000 })]);
      const again = (await store.listSources()).find((s) => s.address === "192.0.2.0");
      expect(again).toMatchObject({ rate: 5, queries: 50, lastSeen: 1000 });
      expect(again!.groupCounts).toEqual({ "1": 5 });
    });

    it("retention forgets stale responders' demand and sources nobody reports", async () => {
      await open();
      await store.reportDemand("r1", [source("192.0.2.0", { rate: 3, lastSeen: 100 }), source("198.51.100.0", { rate: 9, lastSeen: 100 })]);
      await store.reportDemand("r2", [source("192.0.2.0", { rate: 4, lastSeen: 500 })]);
      const gone = await store.retain({ sourcesNotSeenSince: 200 });
      expect(gone.sources).toBe(1);
      const list = await store.listSources();
      expect(list.map((s) => [s.address, s.rate])).toEqual([["192.0.2.0", 4]]);
    });

    it("refuses a bad address and writes nothing of the batch", async () => {
      await open();
      await expect(store.reportDemand("r1", [source("192.0.2.0"), source("not-an-address")])).rejects.toMatchObject({ code: "BAD_INPUT" });
      await expect(store.reportDemand("", [source("192.0.2.0")])).rejects.toMatchObject({ code: "BAD_INPUT" });
      expect(await store.listSources()).toEqual([]);
    });
  });

  describe("samples and aggregates", () => {
    it("writes samples of a probe site and the aggregates they changed together", async () => {
      await open();
      const n = await store.recordSamples(
        "site-a",
        [sample("192.0.2.7", "p1", 1200, 5000), sample("2001:DB8::9", "p2", null, 5001, { kind: "tcp" })],
        [stat("192.0.2.0", "p1"), stat("2001:db8::", "p2", { kind: "tcp", window: [null], lossRatio: 1 })],
      );
      expect(n).toBe(2);
      expect(await store.countSamples()).toBe(2);
      const list = await store.listSamples();
      expect(list.map((s) => [s.site, s.source, s.provider, s.kind, s.rttUs, s.at])).toEqual([
        ["site-a", "192.0.2.7", "p1", "icmp", 1200, 5000],
        ["site-a", "2001:db8::9", "p2", "tcp", null, 5001],
      ]);
      expect(await store.listSamples({ provider: "p2" })).toHaveLength(1);
      expect(await store.listSamples({ source: "2001:db8:0::9" })).toHaveLength(1);
      const stats = await store.listPathStats();
      expect(stats.map((s) => [s.prefix, s.provider, s.kind, s.window])).toEqual([
        ["192.0.2.0", "p1", "icmp", [1000, null, 1000]],
        ["2001:db8::", "p2", "tcp", [null]],
      ]);
    });

    it("a batch with a bad sample writes neither samples nor aggregates", async () => {
      await open();
      const bad = sample("192.0.2.7", "p1", 1, 1, { kind: "udp" as "icmp" });
      await expect(store.recordSamples("site-a", [sample("192.0.2.8", "p1", 1, 1), bad], [stat("192.0.2.0", "p1")])).rejects.toMatchObject({
        code: "BAD_INPUT",
      });
      expect(await store.countSamples()).toBe(0);
      expect(await store.listPathKindStats()).toEqual([]);
    });

    it("path_stats picks the kind with the newest sample, then more samples, then ICMP", async () => {
      await open();
      await store.recordSamples(
        "site-a",
        [],
        [
          stat("192.0.2.0", "p1", { kind: "icmp", updatedAt: 10 }),
          stat("192.0.2.0", "p1", { kind: "tcp", updatedAt: 20 }),
          stat("198.51.100.0", "p1", { kind: "icmp", updatedAt: 10, window: [1] }),
          stat("198.51.100.0", "p1", { kind: "tcp", updatedAt: 10, window: [1, 2] }),
          stat("203.0.113.0", "p1", { kind: "tcp", updatedAt: 10 }),
          stat("203.0.113.0", "p1", { kind: "icmp", updatedAt: 10 }),
        ],
      );
      expect((await store.listPathStats()).map((s) => [s.prefix, s.kind])).toEqual([
        ["192.0.2.0", "tcp"],
        ["198.51.100.0", "tcp"],
        ["203.0.113.0", "icmp"],
      ]);
      expect(await store.listPathKindStats({ prefix: "192.0.2.0" })).toHaveLength(2);
      expect(await store.listPathStats({ provider: "p2" })).toEqual([]);
    });

    it("keeps DNS probe samples and aggregates apart; a full tie between kinds goes icmp, tcp, dns", async () => {
      await open();
      await store.recordSamples(
        "site-a",
        [sample("192.0.2.9", "p1", 900, 10, { kind: "dns" })],
        [
          stat("192.0.2.0", "p1", { kind: "dns", updatedAt: 10 }),
          stat("192.0.2.0", "p1", { kind: "tcp", updatedAt: 10 }),
          stat("198.51.100.0", "p1", { kind: "dns", updatedAt: 20 }),
          stat("198.51.100.0", "p1", { kind: "icmp", updatedAt: 10 }),
        ],
      );
      expect((await store.listSamples()).map((s) => [s.source, s.kind, s.rttUs])).toEqual([["192.0.2.9", "dns", 900]]);
      expect((await store.listPathStats()).map((s) => [s.prefix, s.kind])).toEqual([
        ["192.0.2.0", "tcp"],
        ["198.51.100.0", "dns"],
      ]);
      expect(await store.listPathKindStats({ prefix: "192.0.2.0" })).toHaveLength(2);
    });

    it("retention deletes samples older than the cut only", async () => {
      await open();
      await store.recordSamples("site-a", [
        sample("192.0.2.1", "p1", 1, 100),
        sample("192.0.2.1", "p1", 1, 200),
        sample("192.0.2.1", "p1", 1, 300),
      ]);
      expect(await store.retain({ samplesBefore: 250 })).toEqual({ samples: 2, sources: 0 });
      expect((await store.listSamples()).map((s) => s.at)).toEqual([300]);
    });

    it("keeps samples of different probe sites apart, or refuses a site it cannot store", async () => {
      await open();
      await store.recordSamples("site-a", [sample("192.0.2.1", "p1", 1, 100)]);
      if (store.sites === "many") {
        await store.recordSamples("site-b", [sample("192.0.2.1", "p1", 2, 100)]);
        expect((await store.listSamples({ site: "site-b" })).map((s) => s.rttUs)).toEqual([2]);
        expect(await store.countSamples()).toBe(2);
      } else {
        await expect(store.recordSamples("site-b", [sample("192.0.2.1", "p1", 2, 100)])).rejects.toMatchObject({ code: "BAD_INPUT" });
        expect(await store.listSamples({ site: "site-b" })).toEqual([]);
        expect(await store.countSamples()).toBe(1);
      }
    });
  });

  describe("decisions and the map version", () => {
    it("each write returns a higher map version; the map reads back at that version", async () => {
      await open();
      const v0 = await store.mapVersion();
      const v1 = await store.writeDecisions([decision("192.0.2.0/24", "p1"), decision("2001:db8::/56", "p2")], 1000);
      expect(v1).toBeGreaterThan(v0);
      const v2 = await store.writeDecisions([decision("192.0.2.0/24", "p2")], 2000);
      expect(v2).toBeGreaterThan(v1);
      const map = await store.readDecisionMap();
      expect(map.version).toBe(v2);
      expect(await store.mapVersion()).toBe(v2);
      const routes = map.routes.map((r) => `${r.prefix}/${r.prefixLength}=${r.provider}`).sort();
      expect(routes).toEqual(["192.0.2.0/24=p2", "2001:db8::/56=p2"]);
      const list = await store.listDecisions();
      expect(list).toEqual([
        { ...decision("192.0.2.0/24", "p2"), decidedAt: 2000 },
        { ...decision("2001:db8::/56", "p2"), decidedAt: 1000 },
      ]);
    });

    it("a bad decision or an unknown provider writes nothing and leaves the version", async () => {
      await open();
      const v = await store.writeDecisions([decision("192.0.2.0/24", "p1")], 1000);
      await expect(store.writeDecisions([decision("198.51.100.0/24", "p1"), decision("nonsense", "p1")], 2000)).rejects.toMatchObject({
        code: "BAD_INPUT",
      });
      await expect(store.writeDecisions([decision("198.51.100.0/24", "p1", { demandMbps: Number.NaN })], 2000)).rejects.toMatchObject({
        code: "BAD_INPUT",
      });
      await expect(
        store.writeDecisions([decision("198.51.100.0/24", "p1"), decision("203.0.113.0/24", "nope")], 2000),
      ).rejects.toMatchObject({
        code: "UNKNOWN_PROVIDER",
      });
      expect(await store.mapVersion()).toBe(v);
      expect((await store.listDecisions()).map((d) => d.source)).toEqual(["192.0.2.0/24"]);
    });

    it("lists each decision's hysteresis state and deletes decisions by source, raising the version once", async () => {
      await open();
      const held = { provider: "p2", since: 500, challenger: "p1", challengerCount: 2, basis: "source" as const, settled: false };
      await store.writeDecisions(
        [decision("192.0.2.0/24", "p1"), decision("198.51.100.0/24", "p2", { state: held }), decision("2001:db8::/56", "p1")],
        1000,
      );
      const states = (await store.listDecisionStates()).sort((a, b) => a.source.localeCompare(b.source));
      expect(states).toEqual([
        { source: "192.0.2.0/24", provider: "p1", state: decision("192.0.2.0/24", "p1").state, decidedAt: 1000 },
        { source: "198.51.100.0/24", provider: "p2", state: held, decidedAt: 1000 },
        { source: "2001:db8::/56", provider: "p1", state: decision("2001:db8::/56", "p1").state, decidedAt: 1000 },
      ]);
      const before = await store.mapVersion();
      const after = await store.deleteDecisions(["192.0.2.0/24", "2001:DB8::/56", "203.0.113.0/24"]);
      expect(after).toBeGreaterThan(before);
      expect(await store.mapVersion()).toBe(after);
      expect((await store.listDecisions()).map((d) => d.source)).toEqual(["198.51.100.0/24"]);
      await expect(store.deleteDecisions(["198.51.100.0/24", "nonsense"])).rejects.toMatchObject({ code: "BAD_INPUT" });
      expect((await store.listDecisions()).map((d) => d.source)).toEqual(["198.51.100.0/24"]);
      expect(await store.getStoredPolicy()).toBeUndefined();
    });

    it("a watch reports a version written by another connection, and one already past what it knew at once", async () => {
      await open();
      const writer = await another();
      const start = await store.mapVersion();
      const seen = collector<number>();
      const watch = await store.watchMapVersion(start, seen.feed, { intervalMs: 20 });
      try {
        const written = await writer.writeDecisions([decision("192.0.2.0/24", "p1")], 1000);
        expect(await seen.until((v) => v >= written)).toBe(written);
        expect(watch.version).toBe(written);
        // Increasing, never past what was written, never repeated.
        expect(seen.values).toEqual([...new Set(seen.values)].sort((a, b) => a - b));
        expect(seen.values.every((v) => v > start && v <= written)).toBe(true);
      } finally {
        await watch.close();
      }
      const behind = collector<number>();
      const late = await store.watchMapVersion(start, behind.feed, { intervalMs: 20 });
      try {
        expect(await behind.until(() => true)).toBe(await store.mapVersion());
      } finally {
        await late.close();
      }
    });
  });

  describe("decision changes", () => {
    /** A reader's decisions (source → provider) after applying one read of changes. */
    const apply = (held: Map<string, string>, changes: DecisionChanges) => {
      if (changes.full) held.clear();
      for (const source of changes.deletes) held.delete(source);
      for (const d of changes.upserts) held.set(d.source, d.provider);
      return held;
    };
    const current = async () => new Map((await store.listDecisions()).map((d) => [d.source, d.provider]));

    it("changes since a version bring a reader to the current decisions: writes, deletes, a source deleted then written again", async () => {
      await open();
      const v1 = await store.writeDecisions(
        [decision("192.0.2.0/24", "p1"), decision("198.51.100.0/24", "p1"), decision("2001:db8::/56", "p2")],
        1000,
      );
      const first = await store.decisionChanges(-1);
      expect(first).toMatchObject({ version: v1, full: true, deletes: [] });
      const reader = apply(new Map(), first);
      expect(reader).toEqual(await current());

      await store.deleteDecisions(["198.51.100.0/24", "2001:db8::/56"]);
      await store.writeDecisions([decision("192.0.2.0/24", "p2"), decision("2001:db8::/56", "p1")], 2000);
      const v2 = await store.mapVersion();
      const changes = await store.decisionChanges(v1);
      expect(changes.version).toBe(v2);
      expect(apply(reader, changes)).toEqual(await current());
      expect([...reader]).toEqual([
        ["192.0.2.0/24", "p2"],
        ["2001:db8::/56", "p1"],
      ]);
      if (kind.name === "postgres") {
        // Only what moved: the re-written source is an upsert, not also a delete.
        expect(changes.full).toBe(false);
        expect(changes.upserts.map((d) => [d.source, d.provider, d.decidedAt]).sort()).toEqual([
          ["192.0.2.0/24", "p2", 2000],
          ["2001:db8::/56", "p1", 2000],
        ]);
        expect(changes.deletes).toEqual(["198.51.100.0/24"]);
        expect(await store.decisionChanges(v2)).toEqual({ version: v2, full: false, upserts: [], deletes: [] });
      } else expect(changes.full).toBe(true);
      // A version the store never had (another database's) reads everything.
      expect(await store.decisionChanges(v2 + 1000)).toMatchObject({ version: v2, full: true });
    });
  });

  describe("provider health", () => {
    it("keeps the latest state per provider", async () => {
      await open();
      await store.putProviderHealth(
        [{ provider: "p1", healthy: true, cause: null, family: null, detail: null, since: 1, updatedAt: 0 }],
        10,
      );
      await store.putProviderHealth(
        [
          { provider: "p1", healthy: false, cause: "SOURCE_NOT_LOCAL", family: 6, detail: "2001:db8::1 is gone", since: 20, updatedAt: 0 },
          { provider: "p2", healthy: true, cause: null, family: null, detail: null, since: 1, updatedAt: 0 },
        ],
        30,
      );
      expect(await store.listProviderHealth()).toEqual([
        { provider: "p1", healthy: false, cause: "SOURCE_NOT_LOCAL", family: 6, detail: "2001:db8::1 is gone", since: 20, updatedAt: 30 },
        { provider: "p2", healthy: true, cause: null, family: null, detail: null, since: 1, updatedAt: 30 },
      ]);
    });
  });

  describe("leader election", () => {
    it("one holder per name at a time; the standby takes over after a release", async () => {
      await open();
      const a = store.leaderElection("decider");
      const b = (await another()).leaderElection("decider");
      const other = store.leaderElection("other-role");
      try {
        expect(await a.acquire()).toBe(true);
        expect(await a.acquire()).toBe(true);
        expect(await b.acquire()).toBe(false);
        expect(await other.acquire()).toBe(true);
        expect([a.holds(), b.holds()]).toEqual([true, false]);
        await a.release();
        expect(a.holds()).toBe(false);
        expect(await b.acquire()).toBe(true);
        expect(await a.acquire()).toBe(false);
      } finally {
        for (const e of [a, b, other]) await e.close();
      }
    });
  });

  it("errors are StorageErrors on every backend", async () => {
    await open();
    const err = await store.writeDecisions([decision("192.0.2.0/24", "nope")], 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
  });
});
