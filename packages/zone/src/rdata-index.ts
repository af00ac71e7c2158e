import { type AData, type RData, RRType, rdataToWire } from "@dnsteer/wire";
import type { RRset } from "./types.js";

/** Below this many records an RRset is searched directly; from it on, through a key set. */
const DIRECT = 4;

/**
 * Finds a record already in an RRset, so duplicates merge. Identity is the uncompressed wire
 * form (A and AAAA: their canonical address text, the same thing without encoding). Most
 * RRsets hold one record or a few and are searched directly; only big ones get a key set,
 * built when first needed and dropped with the index.
 */
export class RdataIndex {
  private readonly keys = new Map<RRset, Set<string>>();

  contains(set: RRset, data: RData): boolean {
    const key = keyOf(set.type, data);
    if (set.rdata.length < DIRECT) {
      for (const d of set.rdata) if (keyOf(set.type, d) === key) return true;
      return false;
    }
    let keys = this.keys.get(set);
    if (keys === undefined) {
      keys = new Set();
      for (const d of set.rdata) keys.add(keyOf(set.type, d));
      this.keys.set(set, keys);
    }
    return keys.has(key);
  }

  /** `data` was just added to `set` (after `contains` said it was new). */
  added(set: RRset, data: RData): void {
    this.keys.get(set)?.add(keyOf(set.type, data));
  }

  clear(): void {
    this.keys.clear();
  }
}

function keyOf(type: number, data: RData): string {
  if (type === RRType.A || type === RRType.AAAA) return (data as AData).address;
  return Buffer.from(rdataToWire(type, data)).toString("latin1");
}
