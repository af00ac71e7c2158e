// Migration 4: ICMP and TCP aggregates of one path kept apart, one declared way of reading one per
// path, and provider health. Real SQLite files.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, type PathStat, Store } from "../src/index.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(() => tmp.cleanup());

function stat(provider: string, kind: "icmp" | "tcp", medianMs: number, updatedAt: number, samples = 5, prefix = "192.0.2.10"): PathStat {
  return {
    prefix,
    prefixLength: prefix.includes(":") ? 128 : 32,
    provider,
    kind,
    ewmaRttUs: medianMs * 1000,
    medianRttUs: medianMs * 1000,
    lossRatio: 0,
    jitterUs: 0,
    sampleCount: samples,
    lastRttUs: medianMs * 1000,
    window: Array(samples).fill(medianMs * 1000),
    updatedAt,
  };
}

describe("path aggregates per probe kind", () => {
  it("keeps one aggregate per kind; per path the kind with the newest sample, never a mix", () => {
    const store = Store.open(tmp.file());
    store.upsertPathStats([stat("a", "icmp", 10, 100), stat("a", "tcp", 12, 200), stat("b", "icmp", 30, 300)]);
    expect(store.getPathKindStat("192.0.2.10", 32, "a", "icmp")!.medianRttUs).toBe(10_000);
    expect(store.getPathKindStat("192.0.2.10", 32, "a", "tcp")!.medianRttUs).toBe(12_000);
    expect(store.getPathKindStat("192.0.2.10", 32, "b", "tcp")).toBeUndefined();
    expect(store.getPathStat("192.0.2.10", 32, "a")).toMatchObject({ kind: "tcp", medianRttUs: 12_000 });
    expect(store.listPathStats().map((s) => [s.provider, s.kind])).toEqual([
      ["a", "tcp"],
      ["b", "icmp"],
    ]);
    expect(store.listPathKindStats().map((s) => [s.provider, s.kind])).toEqual([
      ["a", "icmp"],
      ["a", "tcp"],
      ["b", "icmp"],
    ]);
    // ICMP answers again, later: it is the kind read now.
    store.upsertPathStats([stat("a", "icmp", 11, 400)]);
    expect(store.getPathStat("192.0.2.10", 32, "a")).toMatchObject({ kind: "icmp", medianRttUs: 11_000 });
    store.close();
  });

  it("on a tie of the newest sample: more samples in the window, then ICMP", () => {
    const store = Store.open(tmp.file());
    store.upsertPathStats([stat("a", "icmp", 10, 100, 3), stat("a", "tcp", 12, 100, 7)]);
    expect(store.getPathStat("192.0.2.10", 32, "a")!.kind).toBe("tcp");
    store.upsertPathStats([stat("a", "icmp", 10, 100, 7)]);
    expect(store.getPathStat("192.0.2.10", 32, "a")!.kind).toBe("icmp");
    expect(store.listPathStats({ provider: "a" })).toHaveLength(1);
    store.close();
  });

  it("filters the combined view by prefix and provider as before", () => {
    const store = Store.open(tmp.file());
    store.upsertPathStats([stat("a", "tcp", 10, 1, 5, "2001:db8::10"), stat("a", "icmp", 10, 1), stat("b", "icmp", 10, 1)]);
    expect(store.listPathStats({ prefix: "2001:DB8::10", prefixLength: 128 }).map((s) => s.kind)).toEqual(["tcp"]);
    expect(store.listPathStats({ provider: "b" })).toHaveLength(1);
    store.close();
  });

  it("rejects an aggregate without a kind and writes nothing of its batch", () => {
    const store = Store.open(tmp.file());
    expect(() => store.upsertPathStats([stat("a", "icmp", 10, 1), { ...stat("b", "icmp", 10, 1), kind: "udp" as never }])).toThrow(/kind/);
    expect(store.listPathKindStats()).toEqual([]);
    store.close();
  });

  it("migrates version-2 aggregates (both kinds mixed) labelled with the family's first kind", () => {
    const path = tmp.file();
    const old = new Database(path);
    const v2 = MIGRATIONS.filter((m) => m.version <= 2);
    expect(migrate(old, v2)).toBe(2);
    const insert = old.prepare(
      `INSERT INTO path_stats (prefix, prefix_length, provider, median_rtt_us, window, updated_at) VALUES (?, ?, 'a', 900, '[900,900]', 5)`,
    );
    insert.run("192.0.2.10", 32);
    insert.run("2001:db8::10", 128);
    old.close();
    const store = Store.open(path);
    expect(store.listPathKindStats().map((s) => [s.prefix, s.kind, s.medianRttUs, s.window])).toEqual([
      ["192.0.2.10", "icmp", 900, [900, 900]],
      ["2001:db8::10", "tcp", 900, [900, 900]],
    ]);
    expect(store.listPathStats()).toHaveLength(2);
    store.close();
  });
});

describe("provider health", () => {
  it("stores each provider's state, replacing the previous one", () => {
    const store = Store.open(tmp.file());
    expect(store.listProviderHealth()).toEqual([]);
    store.putProviderHealth(
      [
        { provider: "a", healthy: true, cause: null, family: null, detail: null, since: 1, updatedAt: 1 },
        { provider: "b", healthy: false, cause: "SOURCE_NOT_LOCAL", family: 6, detail: "2001:db8::1 is gone", since: 2, updatedAt: 2 },
      ],
      3,
    );
    store.putProviderHealth(
      [{ provider: "a", healthy: false, cause: "ENETUNREACH", family: 4, detail: "send failed", since: 4, updatedAt: 4 }],
      5,
    );
    expect(store.listProviderHealth()).toEqual([
      { provider: "a", healthy: false, cause: "ENETUNREACH", family: 4, detail: "send failed", since: 4, updatedAt: 5 },
      { provider: "b", healthy: false, cause: "SOURCE_NOT_LOCAL", family: 6, detail: "2001:db8::1 is gone", since: 2, updatedAt: 3 },
    ]);
    store.close();
  });
});
