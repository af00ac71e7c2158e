import { probeStep } from "./hash.js";
import { FIRST_LIVE_TAG, TOMBSTONE } from "./layout.js";
import { hashAt } from "./probe.js";
import { BRENT_LIMIT, type Slots } from "./slots.js";

/**
 * Brent's placement (R. P. Brent, CACM 16(2), 1973). The new key's sequence p0, p1, ... first
 * reaches a free slot at p_t, so plain double hashing would cost it t + 1 probes on every later
 * lookup. Brent instead looks for an occupant Y of some p_i that can move j >= 1 steps along
 * Y's OWN sequence to a free slot; the new key then takes p_i. That adds i + 1 probes for the
 * new key and j for Y, so we search in order of s = i + j (and, within one s, smallest i
 * first: the new key is the one being queried right now) and take the first s < t found.
 * Intermediate slots on Y's walk are all occupied (else a smaller s would have matched), so Y
 * and every other key stay reachable. Returns the slot the new key goes into; `t.path`,
 * `t.freeAt` and `t.freeIndex` come from `findForInsert`.
 */
export function placeNew(t: Slots): number {
  const cost = t.freeIndex;
  if (!t.brent || cost < 2) return t.freeAt;
  const { path, walkAt, walkStep, shardSize, tags } = t;
  const end = (t.shard + 1) * shardSize; // every walker stays in the new key's shard
  const limit = Math.min(cost, BRENT_LIMIT);
  for (let s = 1; s < limit; s++) {
    // stage s brings in the occupant of p_{s-1} (j = 1) and moves every earlier walker one step
    const newest = path[s - 1]!;
    walkAt[s - 1] = newest;
    walkStep[s - 1] = probeStep(hashAt(t, newest), shardSize);
    for (let i = 0; i < s; i++) {
      let q = walkAt[i]! + walkStep[i]!;
      if (q >= end) q -= shardSize;
      walkAt[i] = q;
      if (tags[q]! < FIRST_LIVE_TAG) {
        moveSlot(t, path[i]!, q);
        t.stats.relocations++;
        return path[i]!;
      }
    }
  }
  return t.freeAt;
}

/** Copy a whole slot onto a free one of the same shard (`t.shard`); the source keeps a stale copy the caller overwrites. */
export function moveSlot(t: Slots, from: number, to: number): void {
  const { i32, stride, tags } = t;
  if (tags[to] === TOMBSTONE) {
    t.tombstones--;
    t.tombs[t.shard] = t.tombs[t.shard]! - 1;
  }
  tags[to] = tags[from]!;
  i32.copyWithin(to * stride, from * stride, from * stride + stride);
}
