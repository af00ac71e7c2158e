import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FlowTable, shardLimits, shardStates, slotState } from "../src/index.js";
import { at, sequenceOf } from "./brent-oracle.js";
import { keyArb } from "./keys.js";
import { assertSame, deleteKey, findKey, idOf, type Key, ReferenceTable, recordKey } from "./reference.js";

const GROUPS = 3;
const HALF_LIFE = 5_000;

interface Op {
  del: boolean;
  index: number;
  group: number;
  dtMs: number;
  ecs: boolean;
}

const opArb = (deleteWeight: number): fc.Arbitrary<Op> =>
  fc.record({
    del: fc.integer({ min: 0, max: 99 }).map((n) => n < deleteWeight),
    index: fc.nat(),
    group: fc.integer({ min: 0, max: GROUPS - 1 }),
    dtMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })),
    ecs: fc.boolean(),
  });

const scenario = (maxEntries: [number, number], pool: [number, number], ops: number, deleteWeight: number, minOps = 0) =>
  fc.record({
    maxEntries: fc.integer({ min: maxEntries[0], max: maxEntries[1] }),
    pool: fc.uniqueArray(keyArb, { minLength: pool[0], maxLength: pool[1], selector: idOf }),
    ops: fc.array(opArb(deleteWeight), { minLength: minOps, maxLength: ops }),
  });

/**
 * Replays ops on the table and the reference. When a new key arrives at a full table, exactly
 * one other key must vanish; with exact eviction it must be the coldest (lowest decayed score
 * at that moment, ties allowed), with sampled eviction just some other key.
 */
const seen = { relocations: 0, evictions: 0, rehashes: 0 };

function replay(s: { maxEntries: number; pool: Key[]; ops: Op[] }, evictionSample: number, shardSlots?: number): FlowTable {
  const exact = evictionSample >= s.maxEntries;
  const table = new FlowTable({
    maxEntries: s.maxEntries,
    groups: GROUPS,
    halfLifeMs: HALF_LIFE,
    evictionSample,
    ...(shardSlots === undefined ? {} : { shardSlots }),
  });
  const ref = new ReferenceTable(GROUPS, HALF_LIFE);
  let now = 1_000_000;
  for (const op of s.ops) {
    now += op.dtMs;
    const key = s.pool[op.index % s.pool.length]!;
    if (op.del) {
      const had = ref.entries.delete(idOf(key));
      if (deleteKey(table, key) !== had) throw new Error(`delete ${idOf(key)} disagrees`);
    } else {
      // a new key evicts when the table is full, or when its shard is at its live cap (then within the shard)
      const shard = shardOfKey(table, key);
      const shardFull = shardStates(table)[shard]!.live >= shardLimits(table).liveCap;
      const evicting = !ref.entries.has(idOf(key)) && (ref.entries.size === s.maxEntries || shardFull);
      const onPath = evicting && !exact ? expectedPathVictim(table, ref, key, now, evictionSample) : -1;
      const slot = recordKey(table, key, op.group, now, op.ecs);
      if (evicting) checkEviction(table, ref, now, exact, shardFull ? shard : -1);
      if (onPath >= 0 && slot !== onPath) throw new Error(`new key went to ${slot}, not the coldest path slot ${onPath}`);
      ref.record(key, op.group, now, op.ecs);
    }
    assertSame(table, ref);
  }
  seen.relocations += table.stats.relocations;
  seen.evictions += table.stats.evictions;
  seen.rehashes += table.stats.rehashes;
  return table;
}

function shardOfKey(table: FlowTable, key: Key): number {
  const seq = sequenceOf(table, key);
  return seq.base / seq.size;
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

/** Exactly one key vanished; with exact eviction the coldest of the table, or of `shard` (>= 0) when that shard was at its cap. */
function checkEviction(table: FlowTable, ref: ReferenceTable, now: number, exact: boolean, shard: number): void {
  const gone = [...ref.entries.values()].filter((e) => findKey(table, e.key) < 0);
  if (gone.length !== 1) throw new Error(`${gone.length} keys vanished on one eviction`);
  const victim = gone[0]!;
  if (shard >= 0 && shardOfKey(table, victim.key) !== shard) throw new Error(`evicted ${idOf(victim.key)} outside the full shard ${shard}`);
  if (exact) {
    const victimScore = ref.scoreAt(victim, now);
    for (const e of ref.entries.values()) {
      if (shard >= 0 && shardOfKey(table, e.key) !== shard) continue;
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
    fc.assert(
      fc.property(scenario([1, 12], [1, 30], 300, 30), (s) => {
        replay(s, 1 << 30);
      }),
      { numRuns: 200 },
    );
  });

  it("full-table runs: far more keys than room, every new key evicts the coldest", () => {
    fc.assert(
      fc.property(scenario([2, 16], [20, 60], 400, 5), (s) => {
        replay(s, 1 << 30);
      }),
      { numRuns: 150 },
    );
  });

  it("tombstone-heavy runs: as many deletes as inserts over a pool twice the table", () => {
    fc.assert(
      fc.property(scenario([4, 24], [8, 48], 600, 50), (s) => {
        replay(s, 1 << 30);
      }),
      { numRuns: 150 },
    );
  });

  it("sampled eviction keeps membership and counts exact, evicting one other key per insert", () => {
    fc.assert(
      fc.property(scenario([2, 16], [10, 60], 400, 20), fc.integer({ min: 1, max: 4 }), (s, sample) => {
        replay(s, sample);
      }),
      { numRuns: 150 },
    );
  });

  it("larger tables near full load (long probe sequences, Brent relocations, rehashes)", () => {
    fc.assert(
      fc.property(scenario([100, 300], [150, 500], 3000, 25), (s) => {
        replay(s, 1 << 30);
      }),
      { numRuns: 15 },
    );
  });

  describe("sharded tables (tiny shards, so shards fill, hit their caps and rehash on their own)", () => {
    const sharded = (shardSlots: [number, number]) => fc.integer({ min: shardSlots[0], max: shardSlots[1] });

    it("random inserts and deletes, exact eviction (of the table, or of a shard at its cap)", () => {
      fc.assert(
        fc.property(scenario([8, 60], [10, 120], 400, 30, 100), sharded([5, 40]), (s, slots) => {
          replay(s, 1 << 30, slots);
        }),
        { numRuns: 150 },
      );
    });

    it("sampled eviction, full-table churn", () => {
      fc.assert(
        fc.property(scenario([8, 60], [40, 200], 500, 5, 150), fc.integer({ min: 1, max: 4 }), sharded([5, 40]), (s, sample, slots) => {
          replay(s, sample, slots);
        }),
        { numRuns: 150 },
      );
    });

    it("tombstone-heavy: as many deletes as inserts; rehashes span the run, shard by shard", () => {
      let runsWithRehashes = 0;
      fc.assert(
        fc.property(
          scenario([30, 120], [90, 360], 1200, 35, 800),
          fc.integer({ min: 1, max: 8 }),
          sharded([11, 60]),
          (s, sample, slots) => {
            const table = replay(s, sample, slots);
            if (table.shards > 1 && table.stats.rehashes > 1) runsWithRehashes++;
          },
        ),
        { numRuns: 30 },
      );
      expect(runsWithRehashes).toBeGreaterThan(5); // about half the runs rehash more than once
    });

    it("fill, delete most, refill over many shards: every key found, every shard within its floor and cap", () => {
      const arb = fc.record({
        pool: fc.uniqueArray(keyArb, { minLength: 400, maxLength: 400, selector: idOf }),
        keep: fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }),
        slots: sharded([7, 50]),
      });
      fc.assert(
        fc.property(arb, ({ pool, keep, slots }) => {
          const op = (index: number, del: boolean): Op => ({ del, index, group: index % GROUPS, dtMs: 1, ecs: false });
          const ops: Op[] = [];
          for (let i = 0; i < 200; i++) ops.push(op(i, false));
          for (let i = 0; i < 200; i++) if (!keep[i]) ops.push(op(i, true));
          for (let i = 200; i < 400; i++) ops.push(op(i, false));
          for (let i = 0; i < 200; i++) ops.push(op(i, true), op(i + 200, false));
          const table = replay({ maxEntries: 200, pool, ops }, 1 << 30, slots);
          expect(table.shards).toBeGreaterThan(3);
        }),
        { numRuns: 15 },
      );
    });
  });

  it("fill, delete most, refill: lookups survive tombstones and in-place rehash", () => {
    const arb = fc.record({
      maxEntries: fc.integer({ min: 8, max: 64 }),
      pool: fc.uniqueArray(keyArb, { minLength: 130, maxLength: 130, selector: idOf }),
      keep: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    });
    fc.assert(
      fc.property(arb, ({ maxEntries, pool, keep }) => {
        const ops: Op[] = [];
        const op = (index: number, del: boolean): Op => ({ del, index, group: index % GROUPS, dtMs: 1, ecs: false });
        for (let i = 0; i < maxEntries; i++) ops.push(op(i, false));
        for (let i = 0; i < maxEntries; i++) if (!keep[i]) ops.push(op(i, true));
        for (let i = 64; i < 64 + maxEntries; i++) ops.push(op(i, false));
        for (let i = 0; i < maxEntries; i++) ops.push(op(i, false), op(i + 64, false));
        replay({ maxEntries, pool, ops }, 1 << 30);
      }),
      { numRuns: 100 },
    );
  });
});
