// DashboardReads' chunk reads: every row once across chunks, the kind path_stats would choose,
// and "down" as control's measurement decides it. Real SQLite files.
import { afterEach, describe, expect, it } from "vitest";
import { DashboardReads, type PathChunkRow, type PathStat, Store } from "../src/index.js";
import { provider, tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(() => tmp.cleanup());

function stat(prefix: string, prov: string, kind: "icmp" | "tcp", window: (number | null)[], updatedAt: number): PathStat {
  const lost = window.filter((w) => w === null).length;
  return {
    prefix,
    prefixLength: 32,
    provider: prov,
    kind,
    ewmaRttUs: 1000,
    medianRttUs: 1000,
    lossRatio: window.length ? lost / window.length : 0,
    jitterUs: 0,
    sampleCount: window.length,
    lastRttUs: window.at(-1) ?? null,
    window,
    updatedAt,
  };
}

/** control's rule: the trailing lost results reach min(k, window length), and there is at least one. */
function downByRule(window: (number | null)[], k: number): boolean {
  let trailing = 0;
  for (let i = window.length - 1; i >= 0 && window[i] === null; i--) trailing++;
  return trailing > 0 && trailing >= Math.min(k, window.length);
}

function readAll<T extends unknown[]>(chunk: (after: number, limit: number) => T[], limit: number): T[] {
  const rows: T[] = [];
  for (let after = 0; ; ) {
    const part = chunk(after, limit);
    if (part.length === 0) return rows;
    rows.push(...part);
    after = part[part.length - 1]![0] as number;
  }
}

describe("DashboardReads chunk reads", () => {
  it("marks a path down exactly when its last min(k, length) results were lost, for k = 1..4", () => {
    const store = Store.open(tmp.file());
    store.syncProviders([provider("p")]);
    let seed = 3;
    const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const windows: (number | null)[][] = [[], [null], [1], [null, null], [1, null, null], [null, null, null, null, 5]];
    for (let i = 0; i < 300; i++) windows.push(Array.from({ length: Math.floor(rnd() * 8) }, () => (rnd() < 0.5 ? null : 1000)));
    store.upsertPathStats(windows.map((w, i) => stat(`198.18.${i >> 8}.${i & 255}`, "p", "icmp", w, 1)));
    for (const k of [1, 2, 3, 4]) {
      const rows = readAll((a, n) => new DashboardReads(store.db, k).pathChunk(a, n), 7);
      expect(rows).toHaveLength(windows.length);
      for (const row of rows) {
        const i = windows.findIndex((_, j) => `198.18.${j >> 8}.${j & 255}` === row[1]);
        expect([row[1], k, row[8]]).toEqual([row[1], k, downByRule(windows[i]!, k) ? 1 : 0]);
        expect(row[7]).toBe(windows[i]!.length);
      }
    }
    store.close();
  });

  it("reads each path once, the kind path_stats shows, across chunk boundaries", () => {
    const store = Store.open(tmp.file());
    store.syncProviders([provider("p"), provider("q")]);
    const stats: PathStat[] = [];
    for (let i = 0; i < 50; i++) {
      for (const prov of ["p", "q"]) {
        stats.push(stat(`192.0.2.${i}`, prov, "icmp", [1000, 1000], 10));
        // Every third path has a newer TCP aggregate: path_stats shows that one.
        if (i % 3 === 0) stats.push(stat(`192.0.2.${i}`, prov, "tcp", [2000], 20));
      }
    }
    store.upsertPathStats(stats);
    const reads = new DashboardReads(store.db);
    const rows: PathChunkRow[] = readAll((a, n) => reads.pathChunk(a, n), 9);
    const key = (prefix: string, prov: string, length: number) => `${prefix} ${prov} ${length}`;
    const viewed = store.db.prepare("SELECT prefix, provider, json_array_length(window) AS n FROM path_stats").all() as {
      prefix: string;
      provider: string;
      n: number;
    }[];
    expect(rows.map((r) => key(r[1], r[3], r[7])).sort()).toEqual(viewed.map((v) => key(v.prefix, v.provider, v.n)).sort());
    expect(reads.tableSizes().paths).toBeGreaterThanOrEqual(rows.length);
    store.close();
  });

  it("counts this connection's own writes (data_version does not)", () => {
    const store = Store.open(tmp.file());
    const reads = new DashboardReads(store.db);
    const before = [reads.ownChanges(), store.dataVersion()];
    store.syncProviders([provider("p")]);
    expect(reads.ownChanges()).toBeGreaterThan(before[0]!);
    expect(store.dataVersion()).toBe(before[1]);
    store.close();
  });
});
