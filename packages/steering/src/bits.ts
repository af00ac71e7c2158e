/**
 * Bit helpers over addresses and prefix keys held as big-endian bytes (bit 0 = the most
 * significant bit of the first byte). Allocation-free: they run on every lookup.
 */

/** Bit `bit` of the key at `bytes[offset..]`: 0 or 1. */
export function bitAt(bytes: Uint8Array, offset: number, bit: number): number {
  return (bytes[offset + (bit >> 3)]! >> (7 - (bit & 7))) & 1;
}

/**
 * The first bit in [from, to) where `a` (at aOffset) and `b` (at bOffset) differ, or `to` when
 * they agree on all of them. Bytes past bit `to` are never read.
 */
export function firstDifference(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number, from: number, to: number): number {
  let bit = from;
  while (bit < to) {
    const byte = bit >> 3;
    const x = (a[aOffset + byte]! ^ b[bOffset + byte]!) & (0xff >> (bit & 7));
    if (x !== 0) {
      const at = (byte << 3) + Math.clz32(x) - 24;
      return Math.min(at, to);
    }
    bit = (byte + 1) << 3;
  }
  return to;
}
