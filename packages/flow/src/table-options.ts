import { FlowError } from "./errors.js";

export interface FlowTableOptions {
  /** Live sources kept; one more evicts the coldest. */
  maxEntries: number;
  /** Name groups counted per source, 1..32 (4 bytes a slot each). */
  groups: number;
  /** Half-life of the decayed demand score, ms. */
  halfLifeMs: number;
  /** Live entries / slots at most; sets the capacity. Default 0.9 (Brent keeps lookups short there). */
  maxLoad?: number;
  /** Live slots looked at to pick an eviction victim. Default 8; >= maxEntries is exact. */
  evictionSample?: number;
  /** Default true; false gives plain double hashing, only to measure what Brent buys. */
  brent?: boolean;
  /**
   * Slots per shard, roughly (each shard is a prime number of slots). Each shard rehashes on
   * its own, so this bounds the pause a rehash puts on one call. Default 4096; a table of no
   * more slots than this is one shard (exactly the unsharded table).
   */
  shardSlots?: number;
}

export const DEFAULT_SHARD_SLOTS = 4096;

export function validateOptions(o: FlowTableOptions): Required<FlowTableOptions> {
  const maxLoad = o.maxLoad ?? 0.9;
  const evictionSample = o.evictionSample ?? 8;
  const bad = (what: string): never => {
    throw new FlowError("BAD_OPTIONS", what);
  };
  if (!Number.isInteger(o.maxEntries) || o.maxEntries < 1 || o.maxEntries > 2 ** 26) bad(`maxEntries ${o.maxEntries}`);
  if (!Number.isInteger(o.groups) || o.groups < 1 || o.groups > 32) bad(`groups ${o.groups}`);
  if (!(o.halfLifeMs > 0) || !Number.isFinite(o.halfLifeMs)) bad(`halfLifeMs ${o.halfLifeMs}`);
  if (!(maxLoad > 0 && maxLoad <= 0.98)) bad(`maxLoad ${maxLoad}`);
  if (!(evictionSample >= 1)) bad(`evictionSample ${evictionSample}`);
  const shardSlots = o.shardSlots ?? DEFAULT_SHARD_SLOTS;
  if (!Number.isInteger(shardSlots) || shardSlots < 3) bad(`shardSlots ${shardSlots}`);
  return {
    maxEntries: o.maxEntries,
    groups: o.groups,
    halfLifeMs: o.halfLifeMs,
    maxLoad,
    evictionSample,
    brent: o.brent ?? true,
    shardSlots,
  };
}
