/**
 * Key hashing for double hashing: one 32-bit murmur3-style hash of the five key words gives the
 * home slot; a second finalisation of it gives the probe step. All arithmetic stays in int32
 * (Math.imul, shifts) so V8 never boxes a number on the hot path.
 */
export function hashKey(meta: number, w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(meta, 0x9e3779b1);
  h = mixWord(h, w0);
  h = mixWord(h, w1);
  h = mixWord(h, w2);
  h = mixWord(h, w3);
  return finalise(h);
}

// Range reduction by multiplication (Lemire's "fastrange"): floor(hash * n / 2^32) in float64
// instead of `hash % n`. The table size is only known at run time, so `%` is a hardware divide
// (tens of cycles, twice per lookup); this is two multiplies. With n < 2^27 the rounding error
// of the product stays below n, so the result is always in [0, n).
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Slot where the key's probe sequence starts. */
export function homeSlot(hash: number, capacity: number): number {
  return ((hash >>> 0) * capacity * TWO_POW_MINUS_32) | 0;
}

/**
 * Shard of a hash: its high bits, by the same range reduction. With one shard it is 0 and
 * `homeIn` is `homeSlot`, so a one-shard table places keys exactly as an unsharded one.
 */
export function shardOf(hash: number, shards: number): number {
  return ((hash >>> 0) * shards * TWO_POW_MINUS_32) | 0;
}

/**
 * Home slot within the key's shard (0 .. size - 1): the low 32 bits of hash * shards are the
 * bits `shardOf` did not consume (the fraction it dropped), reduced to the shard's size.
 */
export function homeIn(hash: number, shards: number, size: number): number {
  return homeSlot(Math.imul(hash, shards), size);
}

/** Probe step in [1, capacity - 1]; with a prime capacity the sequence covers the whole table. */
export function probeStep(hash: number, capacity: number): number {
  return 1 + (((finalise(hash ^ 0x5bd1e995) >>> 0) * (capacity - 1) * TWO_POW_MINUS_32) | 0);
}

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
