import { scoreAt } from "./entry.js";
import { ADDRESS, COUNTS, ECS_BIT, FIRST_LIVE_TAG, FIRST_SEEN, IPV6_BIT } from "./layout.js";
import type { Slots } from "./slots.js";

/** A copy of one live entry, for callers off the hot path (allocates). */
export interface FlowEntry {
  slot: number;
  family: 4 | 6;
  /** Address as four big-endian uint32 words; IPv4 uses the first, the rest are 0. */
  words: [number, number, number, number];
  prefixLength: number;
  /** Queries per name group (index = group). */
  counts: number[];
  /** Sum of `counts`. */
  queries: number;
  /** Decayed query count as of `lastSeenMs`; see `FlowTable.rateAt` for queries/s now. */
  score: number;
  /** First seen, kept at one-second resolution (4 bytes a slot instead of 8). */
  firstSeenMs: number;
  lastSeenMs: number;
  /** Some query for this key carried it as an EDNS Client Subnet. */
  ecs: boolean;
}

export function isLive(t: Slots, slot: number): boolean {
  return t.tags[slot]! >= FIRST_LIVE_TAG;
}

export function countAt(t: Slots, slot: number, group: number): number {
  return t.i32[slot * t.stride + COUNTS + group]! >>> 0;
}

export function queriesAt(t: Slots, slot: number): number {
  let total = 0;
  for (let g = 0; g < t.groups; g++) total += countAt(t, slot, g);
  return total;
}

export function lastSeenAt(t: Slots, slot: number): number {
  return t.f64[((slot * t.stride + t.floats) >> 1) + 1]!;
}

export function entryAt(t: Slots, slot: number): FlowEntry {
  const { i32 } = t;
  const at = slot * t.stride;
  const meta = i32[at]!;
  const counts: number[] = [];
  for (let g = 0; g < t.groups; g++) counts.push(countAt(t, slot, g));
  const words: [number, number, number, number] = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) words[k] = i32[at + ADDRESS + k]! >>> 0;
  const lastSeenMs = lastSeenAt(t, slot);
  return {
    slot,
    family: meta & IPV6_BIT ? 6 : 4,
    words,
    prefixLength: (meta >>> 8) & 0xff,
    counts,
    queries: counts.reduce((a, b) => a + b, 0),
    score: scoreAt(t, slot, lastSeenMs),
    firstSeenMs: (i32[at + FIRST_SEEN]! >>> 0) * 1000,
    lastSeenMs,
    ecs: (meta & ECS_BIT) !== 0,
  };
}
