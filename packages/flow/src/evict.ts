import { scoreAt } from "./entry.js";
import { FIRST_LIVE_TAG, TOMBSTONE } from "./layout.js";
import { rehashInPlace } from "./rehash.js";
import type { Slots } from "./slots.js";

/**
 * Evict the coldest of a bounded sample: starting at the clock hand, look at the next
 * `evictionSample` live slots, drop the one with the lowest decayed score and leave the hand
 * after the sample. Cost is O(sample) with no extra memory; an exact heap would need an update
 * on every query because scores change with every query and with time. Slots are in hash
 * order, so a run of them is a fair random sample, and the hand spreads successive samples
 * over the whole table. A sample of at least `maxEntries` makes the choice exact (tests).
 */
export function evictColdest(t: Slots, nowMs: number): void {
  const { tags, capacity } = t;
  let pos = t.hand;
  let victim = -1;
  let coldest = Infinity;
  for (let seen = 0, scanned = 0; seen < t.evictionSample && scanned < capacity; scanned++) {
    if (tags[pos]! >= FIRST_LIVE_TAG) {
      const score = scoreAt(t, pos, nowMs);
      if (score < coldest) {
        coldest = score;
        victim = pos;
      }
      seen++;
    }
    if (++pos === capacity) pos = 0;
  }
  t.hand = pos;
  if (victim < 0) return;
  t.stats.evictions++;
  removeAt(t, victim);
}

/**
 * Delete by tombstone: the slot stays "occupied" for lookups so that sequences passing through
 * it are not cut, and is reused by the next insert that reaches it. Too many tombstones would
 * lengthen misses (they stop only at EMPTY), so past the limit the table is rehashed in place.
 */
export function removeAt(t: Slots, slot: number): void {
  t.tags[slot] = TOMBSTONE;
  t.size--;
  t.tombstones++;
  if (t.tombstones > t.tombstoneLimit) rehashInPlace(t);
}
