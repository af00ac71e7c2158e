import { hashKey, homeSlot, probeStep } from "./hash.js";
import { ADDRESS, ECS_BIT, EMPTY, IPV6_BIT, LIVE, STATE_MASK } from "./layout.js";
import { BRENT_LIMIT, type Slots } from "./slots.js";

/** Slot holding the key, or -1. Walks the key's sequence to the first EMPTY slot. */
export function find(t: Slots, meta: number, w0: number, w1: number, w2: number, w3: number): number {
  const { i32, capacity, stride } = t;
  const hash = hashKey(meta, w0, w1, w2, w3);
  const step = probeStep(hash, capacity);
  let pos = homeSlot(hash, capacity);
  for (;;) {
    const at = pos * stride;
    const m = i32[at]!;
    if (m === EMPTY) return -1;
    if ((m & ~ECS_BIT) === meta && i32[at + 1] === w0 && i32[at + 2] === w1 && i32[at + 3] === w2 && i32[at + 4] === w3) return pos;
    pos += step;
    if (pos >= capacity) pos -= capacity;
  }
}

/**
 * Like `find`, but on a miss also leaves in `t.path` the live slots the key's sequence crosses
 * before its first free slot (tombstone or empty), and that free slot in `t.freeAt`/`t.freeIndex`:
 * exactly what Brent's placement needs, gathered in the walk that proves the key absent.
 */
export function findForInsert(t: Slots, meta: number, w0: number, w1: number, w2: number, w3: number): number {
  const { i32, capacity, stride, path } = t;
  const hash = hashKey(meta, w0, w1, w2, w3);
  const step = probeStep(hash, capacity);
  let pos = homeSlot(hash, capacity);
  let freeAt = -1;
  for (let index = 0; ; index++) {
    const at = pos * stride;
    const m = i32[at]!;
    if ((m & STATE_MASK) !== LIVE) {
      if (freeAt < 0) {
        freeAt = pos;
        t.freeIndex = index;
      }
      if (m === EMPTY) break;
    } else if ((m & ~ECS_BIT) === meta && i32[at + 1] === w0 && i32[at + 2] === w1 && i32[at + 3] === w2 && i32[at + 4] === w3) {
      return pos;
    } else if (freeAt < 0 && index < BRENT_LIMIT) {
      path[index] = pos;
    }
    pos += step;
    if (pos >= capacity) pos -= capacity;
  }
  t.freeAt = freeAt;
  return -1;
}

/** Hash of the key stored at a slot. */
export function hashAt(t: Slots, slot: number): number {
  const { i32 } = t;
  const at = slot * t.stride;
  return hashStored(i32[at]!, i32[at + ADDRESS]!, i32[at + ADDRESS + 1]!, i32[at + ADDRESS + 2]!, i32[at + ADDRESS + 3]!);
}

/** Hash of a stored record: its meta word reduced to the key part (state LIVE, no ECS bit). */
export function hashStored(metaWord: number, w0: number, w1: number, w2: number, w3: number): number {
  return hashKey((metaWord & ~(STATE_MASK | ECS_BIT)) | LIVE, w0, w1, w2, w3);
}

export function isIpv6At(t: Slots, slot: number): boolean {
  return (t.i32[slot * t.stride]! & IPV6_BIT) !== 0;
}
