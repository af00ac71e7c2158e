import { hashKey, homeIn, probeStep, shardOf } from "./hash.js";
import { ADDRESS, ECS_BIT, EMPTY, FIRST_LIVE_TAG, tagOf } from "./layout.js";
import { BRENT_LIMIT, type Slots } from "./slots.js";

/**
 * Slot holding the key, or -1. Walks the key's sequence (tags only) to the first EMPTY slot.
 * A key lives in one shard (`shardOf` its hash): its sequence is home, home + step, ... modulo
 * the shard's prime size, offset by the shard's first slot.
 */
export function find(t: Slots, meta: number, w0: number, w1: number, w2: number, w3: number): number {
  const { tags, shards, shardSize } = t;
  const hash = hashKey(meta, w0, w1, w2, w3);
  const base = shardOf(hash, shards) * shardSize;
  const end = base + shardSize;
  const step = probeStep(hash, shardSize);
  const tag = tagOf(hash);
  let pos = base + homeIn(hash, shards, shardSize);
  for (;;) {
    const seen = tags[pos]!;
    if (seen === EMPTY) return -1;
    if (seen === tag && keyAt(t, pos, meta, w0, w1, w2, w3)) return pos;
    pos += step;
    if (pos >= end) pos -= shardSize;
  }
}

/**
 * Like `find`, but on a miss also leaves in `t.path` the live slots the key's sequence crosses
 * before its first free slot (tombstone or empty), that free slot in `t.freeAt`/`t.freeIndex`,
 * the key's tag in `t.newTag` and its shard in `t.shard`: what Brent's placement needs, gathered
 * in the walk that proves the key absent.
 */
export function findForInsert(t: Slots, meta: number, w0: number, w1: number, w2: number, w3: number): number {
  const { tags, shards, shardSize, path } = t;
  const hash = hashKey(meta, w0, w1, w2, w3);
  const shard = shardOf(hash, shards);
  const base = shard * shardSize;
  const end = base + shardSize;
  const step = probeStep(hash, shardSize);
  const tag = tagOf(hash);
  let pos = base + homeIn(hash, shards, shardSize);
  let freeAt = -1;
  for (let index = 0; ; index++) {
    const seen = tags[pos]!;
    if (seen < FIRST_LIVE_TAG) {
      if (freeAt < 0) {
        freeAt = pos;
        t.freeIndex = index;
      }
      if (seen === EMPTY) break;
    } else if (seen === tag && keyAt(t, pos, meta, w0, w1, w2, w3)) {
      return pos;
    } else if (freeAt < 0 && index < BRENT_LIMIT) {
      path[index] = pos;
    }
    pos += step;
    if (pos >= end) pos -= shardSize;
  }
  t.freeAt = freeAt;
  t.newTag = tag;
  t.shard = shard;
  return -1;
}

function keyAt(t: Slots, slot: number, meta: number, w0: number, w1: number, w2: number, w3: number): boolean {
  const { i32 } = t;
  const at = slot * t.stride;
  return (i32[at]! & ~ECS_BIT) === meta && i32[at + 1] === w0 && i32[at + 2] === w1 && i32[at + 3] === w2 && i32[at + 4] === w3;
}

/** Hash of the key stored at a slot. */
export function hashAt(t: Slots, slot: number): number {
  const { i32 } = t;
  const at = slot * t.stride;
  return hashStored(i32[at]!, i32[at + ADDRESS]!, i32[at + ADDRESS + 1]!, i32[at + ADDRESS + 2]!, i32[at + ADDRESS + 3]!);
}

/** Hash of a stored record: its meta word without the ECS flag, which is not part of the key. */
export function hashStored(metaWord: number, w0: number, w1: number, w2: number, w3: number): number {
  return hashKey(metaWord & ~ECS_BIT, w0, w1, w2, w3);
}
