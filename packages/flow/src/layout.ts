/**
 * Each slot has a tag byte in a separate, small array (1 byte a slot: it stays in cache and
 * in the TLB when the slots do not), holding its state or, when live, an 8-bit fingerprint of
 * its hash. Probes read only tags until a fingerprint matches, so walking past other keys
 * costs no access to the big slot array.
 *
 * A slot's data is a fixed run of 32-bit words in one ArrayBuffer (array of structs), so a
 * record touches one or two cache lines instead of one line per field array:
 *
 *   word 0      meta: IPv6 (bit 2), ECS (bit 3), prefix length (bits 8-15); bit 0 always set
 *   words 1-4   address, big-endian 32-bit words (IPv4 uses word 1, the rest are zero)
 *   word 5      first seen, Unix seconds (read as uint32: good until 2106)
 *   words 6..   one query counter per name group (uint32, saturating)
 *   (pad to 8-byte alignment)
 *   float64     decayed score (queries, decayed to `last seen`)
 *   float64     last seen, ms
 */
/** Tag values: below FIRST_LIVE_TAG a state, from it on a live slot's fingerprint. */
export const EMPTY = 0;
export const TOMBSTONE = 1;
/** Only during in-place rehash: a live entry not yet moved to its new position. */
export const PENDING = 2;
export const FIRST_LIVE_TAG = 3;
/** Meta bit 0, set in every stored key (a fixed part of the key, hashed like the rest). */
export const KEY_BIT = 1;
export const IPV6_BIT = 4;
export const ECS_BIT = 8;
export const ADDRESS = 1;
export const FIRST_SEEN = 5;
export const COUNTS = 6;

export interface Layout {
  readonly groups: number;
  /** Words per slot (even, so every slot's float64s stay aligned). */
  readonly stride: number;
  /** Word offset of the score within a slot; last seen follows at +2. */
  readonly floats: number;
}

export function layoutFor(groups: number): Layout {
  const floats = (COUNTS + groups + 1) & ~1;
  return { groups, stride: floats + 4, floats };
}

/** Meta word of a live key (without the ECS bit, which is not part of the key). */
export function keyMeta(family: 4 | 6, prefixLength: number): number {
  return KEY_BIT | (family === 6 ? IPV6_BIT : 0) | (prefixLength << 8);
}

/** Live tag of a hash: from its low byte (the home slot comes from its high bits). */
export function tagOf(hash: number): number {
  return FIRST_LIVE_TAG + (((hash & 0xff) * (256 - FIRST_LIVE_TAG)) >> 8);
}
