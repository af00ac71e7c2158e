import { scoreAt } from "./entry.js";
import { hashKey, homeIn, probeStep, shardOf } from "./hash.js";
import { EMPTY, FIRST_LIVE_TAG } from "./layout.js";
import type { Slots } from "./slots.js";

/**
 * The coldest of the first `evictionSample` live slots on the new key's own probe sequence
 * (before its first EMPTY slot), or -1 if there are none. Evicting that one and putting the new
 * key in its slot leaves no tombstone: every sequence through the slot still finds it occupied,
 * and the new key is reached through occupied slots only. Those slots are a random sample of
 * the table like any other, and the walk is one the insert makes anyway. Without this, steady
 * churn at full size would add a tombstone per new source and force a shard rehash every few
 * hundred new sources per shard.
 */
export function coldestOnPath(t: Slots, meta: number, w0: number, w1: number, w2: number, w3: number, nowMs: number): number {
  const { tags, shards, shardSize } = t;
  const hash = hashKey(meta, w0, w1, w2, w3);
  const base = shardOf(hash, shards) * shardSize;
  const end = base + shardSize;
  const step = probeStep(hash, shardSize);
  let pos = base + homeIn(hash, shards, shardSize);
  let victim = -1;
  let coldest = Infinity;
  for (let seen = 0; seen < t.evictionSample; ) {
    const tag = tags[pos]!;
    if (tag === EMPTY) break;
    if (tag >= FIRST_LIVE_TAG) {
      const score = scoreAt(t, pos, nowMs);
      if (score < coldest) {
        coldest = score;
        victim = pos;
      }
      seen++;
    }
    pos += step;
    if (pos >= end) pos -= shardSize;
  }
  return victim;
}
