import { hashKey, homeSlot, probeStep } from "../src/hash.js";
import { keyMeta } from "../src/layout.js";
import type { FlowTable } from "../src/index.js";
import type { Key } from "./reference.js";

/** A key's probe sequence, computed from the hash alone (not from the table). */
export function sequenceOf(table: FlowTable, k: Key): { home: number; step: number } {
  const hash = hashKey(keyMeta(k.family, k.prefixLength), k.words[0] | 0, k.words[1] | 0, k.words[2] | 0, k.words[3] | 0);
  return { home: homeSlot(hash, table.capacity), step: probeStep(hash, table.capacity) };
}

export const at = (table: FlowTable, s: { home: number; step: number }, n: number): number =>
  (s.home + n * s.step) % table.capacity;

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
    while (live.has((from + j * own.step) % table.capacity)) j++;
    best = Math.min(best, i + j);
  }
  return { plain: t, best };
}
