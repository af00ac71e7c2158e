import type { SourceKey } from "./source-key.js";

/**
 * `out` := the address in `bytes[offset .. offset + length)` as a full-length key (/32 or /128).
 * IPv4-mapped IPv6 (::ffff:a.b.c.d, what a dual-stack socket reports) becomes plain IPv4, so
 * one resolver has one key whichever socket it reached.
 */
export function keyFromAddressBytes(out: SourceKey, bytes: Uint8Array, offset: number, length: 4 | 16): SourceKey {
  out.ecs = false;
  const read = offset + length <= bytes.length ? wordIn : wordAt;
  if (length === 4) return setIpv4(out, read(bytes, offset), 32);
  const w0 = read(bytes, offset);
  const w1 = read(bytes, offset + 4);
  const w2 = read(bytes, offset + 8);
  const w3 = read(bytes, offset + 12);
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return setIpv4(out, w3, 32);
  return setIpv6(out, w0, w1, w2, w3, 128);
}

/** Big-endian word at `offset`, known to be inside `bytes` (the usual case: no range checks). */
function wordIn(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
}

/** Big-endian word at `offset`; bytes past the end of `bytes` read as 0 (ECS addresses are short). */
export function wordAt(bytes: Uint8Array, offset: number): number {
  const n = bytes.length;
  const b0 = offset < n ? bytes[offset]! : 0;
  const b1 = offset + 1 < n ? bytes[offset + 1]! : 0;
  const b2 = offset + 2 < n ? bytes[offset + 2]! : 0;
  const b3 = offset + 3 < n ? bytes[offset + 3]! : 0;
  return (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
}

export function setIpv4(out: SourceKey, word: number, prefixLength: number): SourceKey {
  out.family = 4;
  out.prefixLength = prefixLength;
  out.w0 = word | 0;
  out.w1 = 0;
  out.w2 = 0;
  out.w3 = 0;
  return out;
}

export function setIpv6(out: SourceKey, w0: number, w1: number, w2: number, w3: number, prefixLength: number): SourceKey {
  out.family = 6;
  out.prefixLength = prefixLength;
  out.w0 = w0 | 0;
  out.w1 = w1 | 0;
  out.w2 = w2 | 0;
  out.w3 = w3 | 0;
  return out;
}
