import { homeIn, probeStep } from "./hash.js";
import { ADDRESS, EMPTY, FIRST_LIVE_TAG, PENDING, TOMBSTONE, tagOf } from "./layout.js";
import { hashStored } from "./probe.js";
import type { Slots } from "./slots.js";

/**
 * Compaction of one shard without a second table: its tombstones become EMPTY, its live
 * entries PENDING, then each PENDING entry goes to the first slot of its sequence that is not
 * yet re-placed (EMPTY or PENDING). If that is its own slot it just stays (no copy: the common
 * case, most keys sit at or near home); if EMPTY it moves there; if it holds another PENDING
 * entry the two swap and the displaced one is placed next. Every step settles one entry, so it
 * is O(shardSize) placements, and touches nothing outside the shard (every key's sequence stays
 * in its shard): the pause is bounded by the shard size, not the table's. Placement here is
 * plain double hashing; Brent resumes with the next inserts.
 */
export function rehashShard(t: Slots, shard: number): void {
  const { tags, i32, stride, shardSize, carry } = t;
  const base = shard * shardSize;
  const end = base + shardSize;
  for (let slot = base; slot < end; slot++) {
    const tag = tags[slot]!;
    if (tag === TOMBSTONE) tags[slot] = EMPTY;
    else if (tag >= FIRST_LIVE_TAG) tags[slot] = PENDING;
  }
  t.tombstones -= t.tombs[shard]!;
  t.tombs[shard] = 0;
  for (let slot = base; slot < end; slot++) {
    if (tags[slot] !== PENDING) continue;
    const at = slot * stride;
    const hash = hashStored(i32[at]!, i32[at + ADDRESS]!, i32[at + ADDRESS + 1]!, i32[at + ADDRESS + 2]!, i32[at + ADDRESS + 3]!);
    const pos = firstOpen(t, hash, base);
    if (pos === slot) {
      tags[slot] = tagOf(hash);
      continue;
    }
    for (let k = 0; k < stride; k++) carry[k] = i32[at + k]!;
    tags[slot] = EMPTY;
    settle(t, hash, pos, base);
  }
  t.stats.rehashes++;
}

/** First slot of the sequence of `hash` (in the shard at `base`) that is not re-placed yet: EMPTY or PENDING. */
function firstOpen(t: Slots, hash: number, base: number): number {
  const { tags, shards, shardSize } = t;
  const end = base + shardSize;
  const step = probeStep(hash, shardSize);
  let pos = base + homeIn(hash, shards, shardSize);
  while (tags[pos]! >= FIRST_LIVE_TAG) {
    pos += step;
    if (pos >= end) pos -= shardSize;
  }
  return pos;
}

/**
 * Put the record in `t.carry` (hash `hash`) at `pos`, its first open slot. A PENDING occupant
 * is swapped into `t.carry` and placed next, and so on down the chain of displaced records.
 */
function settle(t: Slots, hash: number, pos: number, base: number): void {
  const { tags, i32, stride, carry } = t;
  for (;;) {
    const at = pos * stride;
    const displaced = tags[pos] === PENDING;
    if (displaced) {
      for (let k = 0; k < stride; k++) {
        const word = i32[at + k]!;
        i32[at + k] = carry[k]!;
        carry[k] = word;
      }
    } else {
      for (let k = 0; k < stride; k++) i32[at + k] = carry[k]!;
    }
    tags[pos] = tagOf(hash);
    if (!displaced) return;
    hash = hashStored(carry[0]!, carry[ADDRESS]!, carry[ADDRESS + 1]!, carry[ADDRESS + 2]!, carry[ADDRESS + 3]!);
    pos = firstOpen(t, hash, base);
  }
}
