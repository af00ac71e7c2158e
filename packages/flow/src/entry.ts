import { ADDRESS, COUNTS, ECS_BIT, FIRST_SEEN, TOMBSTONE } from "./layout.js";
import type { Slots } from "./slots.js";

/**
 * Claim a free slot (or one Brent just vacated, or an evicted key's) in shard `t.shard` (the
 * shard `findForInsert` walked) for a new key with tag `tag` seen at `nowMs`.
 */
export function initSlot(
  t: Slots,
  slot: number,
  tag: number,
  meta: number,
  w0: number,
  w1: number,
  w2: number,
  w3: number,
  nowMs: number,
): void {
  const { i32, f64, stride, tags } = t;
  const at = slot * stride;
  if (tags[slot] === TOMBSTONE) {
    t.tombstones--;
    t.tombs[t.shard] = t.tombs[t.shard]! - 1;
  }
  t.live[t.shard] = t.live[t.shard]! + 1;
  tags[slot] = tag;
  i32[at] = meta;
  i32[at + ADDRESS] = w0;
  i32[at + ADDRESS + 1] = w1;
  i32[at + ADDRESS + 2] = w2;
  i32[at + ADDRESS + 3] = w3;
  i32[at + FIRST_SEEN] = Math.floor(nowMs / 1000);
  i32.fill(0, at + COUNTS, at + COUNTS + t.groups);
  const fi = (at + t.floats) >> 1;
  f64[fi] = 0;
  f64[fi + 1] = nowMs;
  t.size++;
}

/**
 * Count one query: O(1), no allocation. The score is decayed lazily from the last-seen time
 * (score * 2^(-dt / halfLife) + 1), so no timer ever walks the table. Times that go backwards
 * count without decay rather than un-decaying the score.
 */
export function bump(t: Slots, slot: number, group: number, nowMs: number, ecs: boolean): void {
  const { i32, f64 } = t;
  const at = slot * t.stride;
  const counter = at + COUNTS + group;
  const count = i32[counter]!;
  if (count !== -1) i32[counter] = count + 1; // uint32 in an Int32Array: saturate at 0xffffffff
  if (ecs) i32[at] = i32[at]! | ECS_BIT;
  const fi = (at + t.floats) >> 1;
  const last = f64[fi + 1]!;
  if (nowMs > last) {
    f64[fi] = f64[fi]! * Math.exp((last - nowMs) * t.decayPerMs) + 1;
    f64[fi + 1] = nowMs;
  } else {
    f64[fi] = f64[fi]! + 1;
  }
}

/** The slot's score decayed to `nowMs` (a count of recent queries, weighted by age). */
export function scoreAt(t: Slots, slot: number, nowMs: number): number {
  const fi = (slot * t.stride + t.floats) >> 1;
  const last = t.f64[fi + 1]!;
  const score = t.f64[fi]!;
  return nowMs > last ? score * Math.exp((last - nowMs) * t.decayPerMs) : score;
}
