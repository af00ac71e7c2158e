import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DecisionMap, DecisionMapFollower, MapCacheFile, type StoreBackend } from "@dnsteer/storage";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { collector, decision, postgresKind, provider, sqliteKind } from "./fixtures.js";

/** The responder's side on both backends: follow the map, keep it on disk, start from it without a database. */
describe.each([sqliteKind(), postgresKind()])("decision map follower on $name", (kind) => {
  let store: StoreBackend;
  let folder: string;
  const followers: DecisionMapFollower[] = [];
  beforeAll(() => kind.setup());
  afterAll(() => kind.stop());
  afterEach(async () => {
    for (const f of followers.splice(0)) await f.close();
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const open = async () => {
    folder = mkdtempSync(join(tmpdir(), "dnsteer-follower-"));
    store = await kind.open();
    await store.syncProviders([provider("p1"), provider("p2")]);
  };
  const routesOf = (map: DecisionMap) => map.routes.map((r) => `${r.prefix}/${r.prefixLength}=${r.provider}`).sort();

  it("reads the map, follows each new version, and keeps the last one in the cache file", async () => {
    await open();
    await store.writeDecisions([decision("192.0.2.0/24", "p1")], 1);
    const cache = new MapCacheFile(join(folder, "map.json"));
    const maps = collector<DecisionMap>();
    let clock = 1000;
    const follower = await DecisionMapFollower.start(() => kind.reopen(), {
      cache,
      onMap: (m) => maps.feed(m),
      checkMs: 50,
      cacheEveryMs: 100,
      watch: { intervalMs: 20 },
      now: () => clock,
    });
    followers.push(follower);
    expect(routesOf(follower.map!)).toEqual(["192.0.2.0/24=p1"]);
    expect(follower.staleness.ageMs(clock)).toBe(0);
    clock = 2000;
    const v = await store.writeDecisions([decision("192.0.2.0/24", "p2"), decision("198.51.100.0/24", "p1")], 2);
    const latest = await maps.until((m) => m.version >= v);
    expect(routesOf(latest)).toEqual(["192.0.2.0/24=p2", "198.51.100.0/24=p1"]);
    // Read whole once, then only the changes (SQLite cannot tell them: whole each time).
    expect(follower.lastRead).toEqual(
      kind.name === "postgres" ? { full: false, upserts: 2, deletes: 0 } : { full: true, upserts: 2, deletes: 0 },
    );
    // The cache file follows (at most every cacheEveryMs): wait for it, however long that takes.
    let cached = await cache.load();
    while (cached?.map.version !== follower.map!.version) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      cached = await cache.load();
    }
    expect(routesOf(cached.map)).toEqual(routesOf(follower.map!));
    expect(cached.savedAt).toBe(2000);
  });

  it("applies each version's changes to the map it holds; the cache file is rewritten at most every cacheEveryMs, and on close", async () => {
    await open();
    const v1 = await store.writeDecisions([decision("192.0.2.0/24", "p1"), decision("198.51.100.0/24", "p1")], 1);
    const cache = new MapCacheFile(join(folder, "map.json"));
    const maps = collector<DecisionMap>();
    const follower = await DecisionMapFollower.start(() => kind.reopen(), {
      cache,
      onMap: maps.feed,
      checkMs: 50,
      cacheEveryMs: 3_600_000,
      watch: { intervalMs: 20 },
    });
    expect((await cache.load())?.map.version).toBe(v1);
    await store.deleteDecisions(["192.0.2.0/24"]);
    const v2 = await store.writeDecisions([decision("198.51.100.0/24", "p2"), decision("203.0.113.0/24", "p1")], 2);
    const latest = await maps.until((m) => m.version >= v2);
    expect(routesOf(latest)).toEqual(["198.51.100.0/24=p2", "203.0.113.0/24=p1"]);
    if (kind.name === "postgres") expect(follower.lastRead).toMatchObject({ full: false, upserts: 2 });
    // Within the hour the file still holds the first map; closing writes the one in use.
    expect((await cache.load())?.map.version).toBe(v1);
    await follower.close();
    const cached = await cache.load();
    expect(cached?.map.version).toBe(v2);
    expect(routesOf(cached!.map)).toEqual(routesOf(latest));
  });

  it("starts from the cache file when the database cannot be reached, reports its age, and catches up later", async () => {
    await open();
    const v = await store.writeDecisions([decision("192.0.2.0/24", "p1")], 1);
    const cache = new MapCacheFile(join(folder, "map.json"));
    await cache.save(await store.readDecisionMap(), 5000);
    await store.writeDecisions([decision("192.0.2.0/24", "p2")], 2);
    let reachable = false;
    const errors = collector<Error>();
    const maps = collector<{ map: DecisionMap; from: string }>();
    const follower = await DecisionMapFollower.start(
      async () => {
        if (!reachable) throw new Error("database unreachable");
        return kind.reopen();
      },
      { cache, onMap: (map, from) => maps.feed({ map, from }), onError: errors.feed, checkMs: 50, now: () => 65_000 },
    );
    followers.push(follower);
    expect(errors.values[0]?.message).toBe("database unreachable");
    expect(maps.values.map((m) => [m.from, m.map.version])).toEqual([["cache", v]]);
    expect(routesOf(follower.map!)).toEqual(["192.0.2.0/24=p1"]);
    expect(follower.staleness.ageMs(65_000)).toBe(60_000);
    reachable = true;
    const fresh = await maps.until((m) => m.from === "database");
    expect(routesOf(fresh.map)).toEqual(["192.0.2.0/24=p2"]);
    expect(follower.staleness.ageMs(65_000)).toBe(0);
  });
});

describe("decision map follower while PostgreSQL stops and starts", () => {
  const kind = postgresKind();
  beforeAll(() => kind.setup());
  afterAll(() => kind.stop());

  it("keeps serving its map while the server is down, its staleness growing, and confirms it again once back", async () => {
    const store = await kind.open();
    await store.syncProviders([provider("p1")]);
    await store.writeDecisions([decision("192.0.2.0/24", "p1")], 1);
    await store.close();
    let clock = 1000;
    const errors = collector<Error>();
    const maps = collector<DecisionMap>();
    const follower = await DecisionMapFollower.start(() => kind.reopen(), {
      onMap: maps.feed,
      onError: errors.feed,
      checkMs: 50,
      now: () => clock,
    });
    try {
      const before = follower.map!;
      await kind.cluster().stop();
      clock = 31_000;
      await errors.until(() => true);
      expect(follower.map).toBe(before);
      expect(follower.staleness.ageMs(clock)).toBe(30_000);
      await kind.cluster().start();
      const writer = await kind.reopen();
      const v = await writer.writeDecisions([decision("192.0.2.0/24", "p1", { demandMbps: 2 })], 2);
      await writer.close();
      expect((await maps.until((m) => m.version >= v)).version).toBe(v);
      expect(follower.staleness.ageMs(clock)).toBe(0);
    } finally {
      await follower.close();
    }
  }, 180_000);
});
