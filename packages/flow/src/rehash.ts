import { homeSlot, probeStep } from "./hash.js";
import { EMPTY, LIVE, PENDING, STATE_MASK, TOMBSTONE } from "./layout.js";
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
  const { i32, capacity, stride } = t;
  for (let slot = 0; slot < capacity; slot++) {
    const at = slot * stride;
    const state = i32[at]! & STATE_MASK;
    if (state === TOMBSTONE) i32[at] = EMPTY;
    else if (state === LIVE) i32[at] = (i32[at]! & ~STATE_MASK) | PENDING;
  }
  t.tombstones = 0;
  for (let slot = 0; slot < capacity; slot++) {
    if ((i32[slot * stride]! & STATE_MASK) !== PENDING) continue;
    lift(t, slot, t.carry);
    settle(t);
  }
  t.stats.rehashes++;
}

/** Copy a slot into `into` as a LIVE record and mark the slot EMPTY. */
function lift(t: Slots, slot: number, into: Int32Array): void {
  const at = slot * t.stride;
  for (let k = 0; k < t.stride; k++) into[k] = t.i32[at + k]!;
  into[0] = (into[0]! & ~STATE_MASK) | LIVE;
  t.i32[at] = EMPTY;
}

/** Place the record in `t.carry`, following the chain of displaced PENDING records. */
function settle(t: Slots): void {
  const { i32, capacity, stride, carry, swap } = t;
  for (;;) {
    const hash = hashOfRecord(carry);
    const step = probeStep(hash, capacity);
    let pos = homeSlot(hash, capacity);
    while ((i32[pos * stride]! & STATE_MASK) === LIVE) {
      pos += step;
      if (pos >= capacity) pos -= capacity;
    }
    const displaced = (i32[pos * stride]! & STATE_MASK) === PENDING;
    if (displaced) lift(t, pos, swap);
    i32.set(carry, pos * stride);
    if (!displaced) return;
    carry.set(swap);
  }
}

function hashOfRecord(record: Int32Array): number {
  return hashStored(record[0]!, record[1]!, record[2]!, record[3]!, record[4]!);
}
