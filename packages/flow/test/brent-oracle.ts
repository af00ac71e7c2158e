import { hashKey, homeIn, probeStep, shardOf } from "../src/hash.js";
import type { FlowTable } from "../src/index.js";
import { keyMeta } from "../src/layout.js";
import type { Key } from "./reference.js";

/** A key's probe sequence, computed from the hash alone (not from the table's contents): its shard's first slot and size, home within the shard, step. */
export function sequenceOf(table: FlowTable, k: Key): { base: number; size: number; home: number; step: number } {
  const hash = hashKey(keyMeta(k.family, k.prefixLength), k.words[0] | 0, k.words[1] | 0, k.words[2] | 0, k.words[3] | 0);
  const size = table.shardSize;
  return { base: shardOf(hash, table.shards) * size, size, home: homeIn(hash, table.shards, size), step: probeStep(hash, size) };
}

/** Slot of probe n of a sequence. */
export const at = (_table: FlowTable, s: { base: number; size: number; home: number; step: number }, n: number): number =>
  s.base + ((s.home + n * s.step) % s.size);

/** The slot j steps after `from` along a sequence (same shard). */
const after = (s: { base: number; size: number; step: number }, from: number, j: number): number =>
  s.base + ((from - s.base + j * s.step) % s.size);

/**
 * Brent's rule, brute force: with t = probes before the new key's first free slot, and for each
 * occupant p_i (i < t) j_i = steps along its own sequence to a free slot, the insert costs
 * min(t, min_i(i + j_i)) + 1 extra probes in total, and relocates iff some i + j_i < t.
 */
export function brentCost(table: FlowTable, k: Key): { plain: number; best: number } {
  const live = new Set(table.liveSlots());
  const seq = sequenceOf(table, k);
  let t = 0;
  while (live.has(at(table, seq, t))) t++;
  let best = Infinity;
  for (let i = 0; i < t; i++) {
    const e = table.entryAt(at(table, seq, i));
    const own = sequenceOf(table, { family: e.family, words: e.words, prefixLength: e.prefixLength });
    const from = at(table, seq, i);
    let j = 1;
    while (live.has(after(own, from, j))) j++;
    best = Math.min(best, i + j);
  }
  return { plain: t, best };
}
