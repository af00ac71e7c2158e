/**
 * A source in the table's word form. Callers keep one and refill it per query, so identifying a
 * source allocates nothing on the hot path.
 */
export class SourceKey {
  family: 4 | 6 = 4;
  /** 32 or 128 for a resolver address; the (truncated) source prefix for an ECS subnet. */
  prefixLength = 32;
  /** Big-endian 32-bit address words; IPv4 uses w0, the rest stay 0. Bits past the prefix are 0. */
  w0 = 0;
  w1 = 0;
  w2 = 0;
  w3 = 0;
  /** The key came from an EDNS Client Subnet option rather than the packet's source address. */
  ecs = false;
}

/** How sources are identified and grouped. */
export interface SourceLimits {
  /** Longest ECS source prefix kept, IPv4 (RFC 7871 12.1 recommends at most /24). */
  ecsMaxPrefix4: number;
  /** Longest ECS source prefix kept, IPv6 (RFC 7871 12.1 recommends at most /56). */
  ecsMaxPrefix6: number;
  /** Prefix whose sources can share measurements, IPv4. */
  aggregatePrefix4: number;
  /** Prefix whose sources can share measurements, IPv6. */
  aggregatePrefix6: number;
}

export const DEFAULT_SOURCE_LIMITS: Readonly<SourceLimits> = Object.freeze({
  ecsMaxPrefix4: 24,
  ecsMaxPrefix6: 56,
  aggregatePrefix4: 24,
  aggregatePrefix6: 48,
});

/** Zero every address bit past `prefixLength` and set it as the key's prefix. */
export function truncateKey(key: SourceKey, prefixLength: number): SourceKey {
  key.prefixLength = prefixLength;
  key.w0 = maskWord(key.w0, prefixLength);
  key.w1 = maskWord(key.w1, prefixLength - 32);
  key.w2 = maskWord(key.w2, prefixLength - 64);
  key.w3 = maskWord(key.w3, prefixLength - 96);
  return key;
}

function maskWord(word: number, bitsKept: number): number {
  if (bitsKept >= 32) return word | 0;
  if (bitsKept <= 0) return 0;
  return word & (-1 << (32 - bitsKept));
}

/** `out` := the /24 (IPv4) or /48 (IPv6) aggregate holding `key` (or `key` if already shorter). */
export function aggregateInto(out: SourceKey, key: SourceKey, limits: SourceLimits = DEFAULT_SOURCE_LIMITS): SourceKey {
  copyKey(out, key);
  const prefix = key.family === 4 ? limits.aggregatePrefix4 : limits.aggregatePrefix6;
  return truncateKey(out, Math.min(prefix, key.prefixLength));
}

export function copyKey(out: SourceKey, key: SourceKey): SourceKey {
  out.family = key.family;
  out.prefixLength = key.prefixLength;
  out.w0 = key.w0;
  out.w1 = key.w1;
  out.w2 = key.w2;
  out.w3 = key.w3;
  out.ecs = key.ecs;
  return out;
}
