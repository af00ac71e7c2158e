import { homeSlot, probeStep } from "./hash.js";
import { EMPTY, FIRST_LIVE_TAG, PENDING, TOMBSTONE, tagOf } from "./layout.js";
import { hashStored } from "./probe.js";
import type { Slots } from "./slots.js";

/**
 * Compaction without a second table: tombstones become EMPTY, live entries become PENDING, then
 * each PENDING entry is lifted out and re-placed at the first slot of its sequence that is not
 * yet re-placed. If that slot is EMPTY it lands there; if it holds another PENDING entry the two
 * swap and the displaced one is placed next. Every step settles one entry, so it is O(capacity)
 * placements. Placement here is plain double hashing; Brent resumes with the next inserts.
 */
export function rehashInPlace(t: Slots): void {
  const { tags, capacity } = t;
  for (let slot = 0; slot < capacity; slot++) {
    const tag = tags[slot]!;
    if (tag === TOMBSTONE) tags[slot] = EMPTY;
    else if (tag >= FIRST_LIVE_TAG) tags[slot] = PENDING;
  }
  t.tombstones = 0;
  for (let slot = 0; slot < capacity; slot++) {
    if (tags[slot] !== PENDING) continue;
    lift(t, slot, t.carry);
    settle(t);
  }
  t.stats.rehashes++;
}

/** Copy a slot's words into `into` and mark the slot EMPTY. */
function lift(t: Slots, slot: number, into: Int32Array): void {
  const at = slot * t.stride;
  for (let k = 0; k < t.stride; k++) into[k] = t.i32[at + k]!;
  t.tags[slot] = EMPTY;
}

/** Place the record in `t.carry`, following the chain of displaced PENDING records. */
function settle(t: Slots): void {
  const { tags, i32, capacity, stride, carry, swap } = t;
  for (;;) {
    const hash = hashStored(carry[0]!, carry[1]!, carry[2]!, carry[3]!, carry[4]!);
    const step = probeStep(hash, capacity);
    let pos = homeSlot(hash, capacity);
    while (tags[pos]! >= FIRST_LIVE_TAG) {
      pos += step;
      if (pos >= capacity) pos -= capacity;
    }
    const displaced = tags[pos] === PENDING;
    if (displaced) lift(t, pos, swap);
    i32.set(carry, pos * stride);
    tags[pos] = tagOf(hash);
    if (!displaced) return;
    carry.set(swap);
  }
}
