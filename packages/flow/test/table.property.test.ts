import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FlowTable, slotState } from "../src/index.js";
import { at, sequenceOf } from "./brent-oracle.js";
import { keyArb } from "./keys.js";
import { assertSame, deleteKey, findKey, idOf, recordKey, ReferenceTable, type Key } from "./reference.js";

const GROUPS = 3;
const HALF_LIFE = 5_000;

interface Op { del: boolean; index: number; group: number; dtMs: number; ecs: boolean }

const opArb = (deleteWeight: number): fc.Arbitrary<Op> => fc.record({
  del: fc.integer({ min: 0, max: 99 }).map((n) => n < deleteWeight),
  index: fc.nat(),
  group: fc.integer({ min: 0, max: GROUPS - 1 }),
  dtMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })),
  ecs: fc.boolean(),
});

const scenario = (maxEntries: [number, number], pool: [number, number], ops: number, deleteWeight: number) => fc.record({
  maxEntries: fc.integer({ min: maxEntries[0], max: maxEntries[1] }),
  pool: fc.uniqueArray(keyArb, { minLength: pool[0], maxLength: pool[1], selector: idOf }),
  ops: fc.array(opArb(deleteWeight), { maxLength: ops }),
});

/**
 * Replays ops on the table and the reference. When a new key arrives at a full table, exactly
 * one other key must vanish; with exact eviction it must be the coldest (lowest decayed score
 * at that moment, ties allowed), with sampled eviction just some other key.
 */
const seen = { relocations: 0, evictions: 0, rehashes: 0 };

function replay(s: { maxEntries: number; pool: Key[]; ops: Op[] }, evictionSample: number): void {
  const exact = evictionSample >= s.maxEntries;
  const table = new FlowTable({ maxEntries: s.maxEntries, groups: GROUPS, halfLifeMs: HALF_LIFE, evictionSample });
  const ref = new ReferenceTable(GROUPS, HALF_LIFE);
  let now = 1_000_000;
  for (const op of s.ops) {
    now += op.dtMs;
    const key = s.pool[op.index % s.pool.length]!;
    if (op.del) {
      const had = ref.entries.delete(idOf(key));
      if (deleteKey(table, key) !== had) throw new Error(`delete ${idOf(key)} disagrees`);
    } else {
      const evicting = !ref.entries.has(idOf(key)) && ref.entries.size === s.maxEntries;
      const onPath = evicting && !exact ? expectedPathVictim(table, ref, key, now, evictionSample) : -1;
      const slot = recordKey(table, key, op.group, now, op.ecs);
      if (evicting) checkEviction(table, ref, now, exact);
      if (onPath >= 0 && slot !== onPath) throw new Error(`new key went to ${slot}, not the coldest path slot ${onPath}`);
      ref.record(key, op.group, now, op.ecs);
    }
    assertSame(table, ref);
  }
  seen.relocations += table.stats.relocations;
  seen.evictions += table.stats.evictions;
  seen.rehashes += table.stats.rehashes;
}

/**
 * Sampled eviction takes the coldest of the first `sample` live slots on the new key's path
 * (before an EMPTY slot; first one on ties) and puts the new key there; -1 if the path has none.
 */
function expectedPathVictim(table: FlowTable, ref: ReferenceTable, key: Key, now: number, sample: number): number {
  const seq = sequenceOf(table, key);
  let victim = -1;
  let coldest = Infinity;
  for (let n = 0, seen = 0; seen < sample; n++) {
    const slot = at(table, seq, n);
    const state = slotState(table, slot);
    if (state === "empty") break;
    if (state === "tombstone") continue;
    const e = table.entryAt(slot);
    const score = ref.scoreAt(ref.entries.get(idOf({ family: e.family, words: e.words, prefixLength: e.prefixLength }))!, now);
    if (score < coldest) [coldest, victim] = [score, slot];
    seen++;
  }
  return victim;
}

function checkEviction(table: FlowTable, ref: ReferenceTable, now: number, exact: boolean): void {
  const gone = [...ref.entries.values()].filter((e) => findKey(table, e.key) < 0);
  if (gone.length !== 1) throw new Error(`${gone.length} keys vanished on one eviction`);
  const victim = gone[0]!;
  if (exact) {
    const victimScore = ref.scoreAt(victim, now);
    for (const e of ref.entries.values()) {
      if (ref.scoreAt(e, now) < victimScore) throw new Error(`evicted ${idOf(victim.key)} while ${idOf(e.key)} was colder`);
    }
  }
  ref.entries.delete(idOf(victim.key));
}

describe("FlowTable against a reference Map", () => {
  afterAll(() => {
    // the runs above must actually have exercised every mechanism they claim to test
    expect(seen.relocations).toBeGreaterThan(0);
    expect(seen.evictions).toBeGreaterThan(0);
    expect(seen.rehashes).toBeGreaterThan(0);
  });

  it("random inserts and deletes, small tables (collisions), exact eviction", () => {
    fc.assert(fc.property(scenario([1, 12], [1, 30], 300, 30), (s) => replay(s, 1 << 30)), { numRuns: 200 });
  });

  it("full-table runs: far more keys than room, every new key evicts the coldest", () => {
    fc.assert(fc.property(scenario([2, 16], [20, 60], 400, 5), (s) => replay(s, 1 << 30)), { numRuns: 150 });
  });

  it("tombstone-heavy runs: as many deletes as inserts over a pool twice the table", () => {
    fc.assert(fc.property(scenario([4, 24], [8, 48], 600, 50), (s) => replay(s, 1 << 30)), { numRuns: 150 });
  });

  it("sampled eviction keeps membership and counts exact, evicting one other key per insert", () => {
    fc.assert(fc.property(scenario([2, 16], [10, 60], 400, 20), fc.integer({ min: 1, max: 4 }), (s, sample) => replay(s, sample)), { numRuns: 150 });
  });

  it("larger tables near full load (long probe sequences, Brent relocations, rehashes)", () => {
    fc.assert(fc.property(scenario([100, 300], [150, 500], 3000, 25), (s) => replay(s, 1 << 30)), { numRuns: 15 });
  });

  it("fill, delete most, refill: lookups survive tombstones and in-place rehash", () => {
    const arb = fc.record({
      maxEntries: fc.integer({ min: 8, max: 64 }),
      pool: fc.uniqueArray(keyArb, { minLength: 130, maxLength: 130, selector: idOf }),
      keep: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    });
    fc.assert(fc.property(arb, ({ maxEntries, pool, keep }) => {
      const ops: Op[] = [];
      const op = (index: number, del: boolean): Op => ({ del, index, group: index % GROUPS, dtMs: 1, ecs: false });
      for (let i = 0; i < maxEntries; i++) ops.push(op(i, false));
      for (let i = 0; i < maxEntries; i++) if (!keep[i]) ops.push(op(i, true));
      for (let i = 64; i < 64 + maxEntries; i++) ops.push(op(i, false));
      for (let i = 0; i < maxEntries; i++) ops.push(op(i, false), op(i + 64, false));
      replay({ maxEntries, pool, ops }, 1 << 30);
    }), { numRuns: 100 });
  });
});
