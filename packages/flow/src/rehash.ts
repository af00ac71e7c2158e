import { homeIn, probeStep } from "./hash.js";
import { EMPTY, FIRST_LIVE_TAG, PENDING, TOMBSTONE, tagOf } from "./layout.js";
import { hashStored } from "./probe.js";
import type { Slots } from "./slots.js";

/**
 * Compaction of one shard without a second table: its tombstones become EMPTY, its live
 * entries PENDING, then each PENDING entry is lifted out and re-placed at the first slot of
 * its sequence that is not yet re-placed. If that slot is EMPTY it lands there; if it holds
 * another PENDING entry the two swap and the displaced one is placed next. Every step settles
 * one entry, so it is O(shardSize) placements, and touches nothing outside the shard (every
 * key's sequence stays in its shard): the pause is bounded by the shard size, not the table's.
 * Placement here is plain double hashing; Brent resumes with the next inserts.
 */
export function rehashShard(t: Slots, shard: number): void {
  const { tags, shardSize } = t;
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
    lift(t, slot, t.carry);
    settle(t, base);
  }
  t.stats.rehashes++;
}

/** Copy a slot's words into `into` and mark the slot EMPTY. */
function lift(t: Slots, slot: number, into: Int32Array): void {
  const at = slot * t.stride;
  for (let k = 0; k < t.stride; k++) into[k] = t.i32[at + k]!;
  t.tags[slot] = EMPTY;
}

/** Place the record in `t.carry` in the shard at `base`, following the chain of displaced PENDING records. */
function settle(t: Slots, base: number): void {
  const { tags, i32, shards, shardSize, stride, carry, swap } = t;
  const end = base + shardSize;
  for (;;) {
    const hash = hashStored(carry[0]!, carry[1]!, carry[2]!, carry[3]!, carry[4]!);
    const step = probeStep(hash, shardSize);
    let pos = base + homeIn(hash, shards, shardSize);
    while (tags[pos]! >= FIRST_LIVE_TAG) {
      pos += step;
      if (pos >= end) pos -= shardSize;
    }
    const displaced = tags[pos] === PENDING;
    if (displaced) lift(t, pos, swap);
    i32.set(carry, pos * stride);
    tags[pos] = tagOf(hash);
    if (!displaced) return;
    carry.set(swap);
  }
}
