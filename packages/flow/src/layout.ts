/**
 * One slot is a fixed run of 32-bit words in a single ArrayBuffer (array of structs), so a probe
 * or a record touches one or two cache lines instead of one line per field array:
 *
 *   word 0      meta: state (bits 0-1), IPv6 (bit 2), ECS (bit 3), prefix length (bits 8-15)
 *   words 1-4   address, big-endian 32-bit words (IPv4 uses word 1, the rest are zero)
 *   word 5      first seen, Unix seconds (read as uint32: good until 2106)
 *   words 6..   one query counter per name group (uint32, saturating)
 *   (pad to 8-byte alignment)
 *   float64     decayed score (queries, decayed to `last seen`)
 *   float64     last seen, ms
 */
export const STATE_MASK = 3;
export const EMPTY = 0;
export const LIVE = 1;
export const TOMBSTONE = 2;
/** Only during in-place rehash: a live entry not yet moved to its new position. */
export const PENDING = 3;
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
  return LIVE | (family === 6 ? IPV6_BIT : 0) | (prefixLength << 8);
}
