import { scoreAt } from "./entry.js";
import { FIRST_LIVE_TAG, TOMBSTONE } from "./layout.js";
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
  t.hand = evictFrom(t, nowMs, 0, t.capacity, t.hand);
}

/** The same within one shard (its own hand): for a new key whose shard is at its live cap. */
export function evictColdestInShard(t: Slots, shard: number, nowMs: number): void {
  t.hands[shard] = evictFrom(t, nowMs, shard * t.shardSize, t.shardSize, t.hands[shard]!);
}

/** Sample slots base + hand, base + hand + 1, ... (wrapping within `span`); returns the new hand. */
function evictFrom(t: Slots, nowMs: number, base: number, span: number, hand: number): number {
  const { tags } = t;
  let pos = hand;
  let victim = -1;
  let coldest = Infinity;
  for (let seen = 0, scanned = 0; seen < t.evictionSample && scanned < span; scanned++) {
    if (tags[base + pos]! >= FIRST_LIVE_TAG) {
      const score = scoreAt(t, base + pos, nowMs);
      if (score < coldest) {
        coldest = score;
        victim = base + pos;
      }
      seen++;
    }
    if (++pos === span) pos = 0;
  }
  if (victim >= 0) {
    t.stats.evictions++;
    removeAt(t, victim);
  }
  return pos;
}

/**
 * Delete by tombstone: the slot stays "occupied" for lookups so that sequences passing through
 * it are not cut, and is reused by the next insert that reaches it. Tombstones lengthen misses
 * only by taking the place of EMPTY slots, so they are cleared (the shard rehashed) when an
 * insert would otherwise leave its shard with fewer than `emptyFloor` EMPTY slots.
 */
export function removeAt(t: Slots, slot: number): void {
  const shard = (slot / t.shardSize) | 0; // exact: a correctly rounded quotient of integers < 2^27
  t.tags[slot] = TOMBSTONE;
  t.size--;
  t.tombstones++;
  t.live[shard] = t.live[shard]! - 1;
  t.tombs[shard] = t.tombs[shard]! + 1;
}
