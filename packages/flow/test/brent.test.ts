import { describe, expect, it } from "vitest";
import { FlowTable, meanProbeLength, probeLength } from "../src/index.js";
import { at, brentCost, sequenceOf } from "./brent-oracle.js";
import { ipv4Keys } from "./keys.js";
import { deleteKey, findKey, type Key, recordKey } from "./reference.js";

const totalProbes = (table: FlowTable): number => [...table.liveSlots()].reduce((sum, s) => sum + probeLength(table, s), 0);
const make = (maxEntries: number, brent = true) => new FlowTable({ maxEntries, groups: 1, halfLifeMs: 1000, maxLoad: 0.95, brent });

describe("Brent's placement", () => {
  it("moves the home-slot occupant one step along its own sequence when that beats probing on", () => {
    const table = make(20);
    const pool = ipv4Keys(5000);
    const seq = (k: Key) => sequenceOf(table, k);
    // B's home holds A, B's second slot holds C, so plain placement would cost B three probes;
    // A can step aside to a free slot of its own sequence, so B takes its home instead.
    const b = pool[0]!;
    const x = at(table, seq(b), 0);
    const a = pool.find((k) => at(table, seq(k), 0) === x && k !== b && seq(k).step !== seq(b).step)!;
    const c = pool.find((k) => at(table, seq(k), 0) === at(table, seq(b), 1))!;
    for (const k of [a, c, b]) recordKey(table, k, 0, 0, false);
    expect(findKey(table, b)).toBe(x);
    expect(findKey(table, a)).toBe(at(table, seq(a), 1));
    expect(findKey(table, c)).toBe(at(table, seq(c), 0));
    expect(table.stats.relocations).toBe(1);
    expect([b, a, c].map((k) => probeLength(table, findKey(table, k)))).toEqual([1, 2, 1]);

    const plain = make(20, false);
    for (const k of [a, c, b]) recordKey(plain, k, 0, 0, false);
    expect(probeLength(plain, findKey(plain, b))).toBe(3);
  });

  it("each insert adds exactly min(t, min i + j) + 1 probes, and relocates only when strictly better", () => {
    const table = make(2000);
    let relocations = 0;
    for (const [n, k] of ipv4Keys(2000, 0xc0000000).entries()) {
      const { plain, best } = brentCost(table, k);
      const before = totalProbes(table);
      recordKey(table, k, 0, n, false);
      expect(totalProbes(table) - before).toBe(Math.min(plain, best) + 1);
      expect(table.stats.relocations - relocations).toBe(best < plain ? 1 : 0);
      relocations = table.stats.relocations;
    }
    expect(relocations).toBeGreaterThan(100);
  });

  it("gives shorter successful lookups than plain double hashing at 95% load", () => {
    const keys = ipv4Keys(20_000, 0x0a000000);
    const brent = make(20_000);
    const plain = make(20_000, false);
    for (const k of keys) {
      recordKey(brent, k, 0, 0, false);
      recordKey(plain, k, 0, 0, false);
    }
    expect(meanProbeLength(brent)).toBeLessThan(meanProbeLength(plain) * 0.9);
    expect(meanProbeLength(brent)).toBeLessThan(2.2);
  });

  it("after relocations and deletions every remaining key is still found", () => {
    const table = make(3000);
    const keys = ipv4Keys(3000, 0x64400000);
    keys.forEach((k, n) => recordKey(table, k, 0, n, false));
    expect(table.stats.relocations).toBeGreaterThan(0);
    const gone = keys.filter((_, n) => n % 3 === 0);
    for (const k of gone) expect(deleteKey(table, k)).toBe(true);
    for (const k of gone) expect(findKey(table, k)).toBe(-1);
    for (const [n, k] of keys.entries()) if (n % 3 !== 0) expect(table.get(4, k.words[0], 0, 0, 0, 32)?.counts).toEqual([1]);
    expect(table.size).toBe(2000);
  });
});
