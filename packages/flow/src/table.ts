import { placeNew } from "./brent.js";
import { bump, initSlot, scoreAt } from "./entry.js";
import { FlowError } from "./errors.js";
import { evictColdest, evictColdestInShard, removeAt } from "./evict.js";
import { coldestOnPath } from "./evict-path.js";
import { keyMeta } from "./layout.js";
import { find, findForInsert } from "./probe.js";
import { entryAt, type FlowEntry, isLive, queriesAt } from "./read.js";
import { rehashShard } from "./rehash.js";
import { Slots, type TableStats } from "./slots.js";
import { type FlowTableOptions, validateOptions } from "./table-options.js";

/**
 * Fixed-capacity open-addressing table of source prefixes (Brent's double hashing), holding per
 * source its query counts per name group, a decayed demand score, first/last seen and an ECS
 * flag. Words are 32-bit address words, big-endian (IPv4: w0 only, w1..w3 = 0), with every bit
 * past `prefixLength` zero (the source helpers produce them so). Not safe to mutate while
 * iterating.
 */
export class FlowTable {
  readonly #t: Slots;

  constructor(options: FlowTableOptions) {
    const o = validateOptions(options);
    this.#t = new Slots(o.maxEntries, o.maxLoad, o.groups, o.halfLifeMs, o.brent, o.evictionSample, o.shardSlots);
  }

  get size(): number {
    return this.#t.size;
  }
  /** Slots allocated (prime); `maxEntries` of them may be live at once. */
  get capacity(): number {
    return this.#t.capacity;
  }
  /** Independent sub-tables of `shardSize` slots each; a key's probe sequence stays in its shard. */
  get shards(): number {
    return this.#t.shards;
  }
  get shardSize(): number {
    return this.#t.shardSize;
  }
  get maxEntries(): number {
    return this.#t.maxEntries;
  }
  get groups(): number {
    return this.#t.groups;
  }
  get tombstones(): number {
    return this.#t.tombstones;
  }
  get stats(): Readonly<TableStats> {
    return this.#t.stats;
  }

  /** Count one query of `group` from the source; inserts (evicting the coldest when full). Returns the slot. */
  record(
    family: 4 | 6,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    prefixLength: number,
    group: number,
    nowMs: number,
    ecs: boolean,
  ): number {
    const t = this.#t;
    if (!(group >= 0 && group < t.groups) || (group | 0) !== group)
      throw new FlowError("BAD_GROUP", `group ${group} outside [0, ${t.groups})`);
    const meta = checkedMeta(family, prefixLength);
    w0 |= 0;
    w1 |= 0;
    w2 |= 0;
    w3 |= 0;
    let slot = findForInsert(t, meta, w0, w1, w2, w3);
    if (slot < 0) {
      const shardFull = t.live[t.shard]! >= t.liveCap;
      slot =
        t.size < t.maxEntries && !shardFull
          ? insert(t, meta, w0, w1, w2, w3, nowMs)
          : replaceColdest(t, shardFull, meta, w0, w1, w2, w3, nowMs);
    }
    bump(t, slot, group, nowMs, ecs);
    return slot;
  }

  /** Slot of the key, or -1. */
  find(family: 4 | 6, w0: number, w1: number, w2: number, w3: number, prefixLength: number): number {
    return find(this.#t, checkedMeta(family, prefixLength), w0 | 0, w1 | 0, w2 | 0, w3 | 0);
  }

  get(family: 4 | 6, w0: number, w1: number, w2: number, w3: number, prefixLength: number): FlowEntry | undefined {
    const slot = this.find(family, w0, w1, w2, w3, prefixLength);
    return slot < 0 ? undefined : entryAt(this.#t, slot);
  }

  delete(family: 4 | 6, w0: number, w1: number, w2: number, w3: number, prefixLength: number): boolean {
    const slot = this.find(family, w0, w1, w2, w3, prefixLength);
    if (slot < 0) return false;
    removeAt(this.#t, slot);
    return true;
  }

  /** The entry in a live slot (from `record`, `find` or `liveSlots`). */
  entryAt(slot: number): FlowEntry {
    return entryAt(this.#t, slot);
  }

  isLive(slot: number): boolean {
    return isLive(this.#t, slot);
  }

  /** Queries counted for the slot's key, all groups (no allocation). */
  queriesAt(slot: number): number {
    return queriesAt(this.#t, slot);
  }

  /** Decayed score at `nowMs`: recent queries, each weighted 2^(-age / halfLife). */
  scoreAt(slot: number, nowMs: number): number {
    return scoreAt(this.#t, slot, nowMs);
  }

  /** Demand in queries/s at `nowMs`: under a steady rate r the score tends to r * halfLife / ln 2. */
  rateAt(slot: number, nowMs: number): number {
    return scoreAt(this.#t, slot, nowMs) * this.#t.decayPerMs * 1000;
  }

  *liveSlots(): Generator<number> {
    const t = this.#t;
    for (let slot = 0; slot < t.capacity; slot++) if (isLive(t, slot)) yield slot;
  }

  *entries(): Generator<FlowEntry> {
    for (const slot of this.liveSlots()) yield entryAt(this.#t, slot);
  }

  [Symbol.iterator](): Generator<FlowEntry> {
    return this.entries();
  }

  /** Bytes this table holds: the slot buffer plus fixed scratch (no per-entry objects exist). */
  memoryBytes(): number {
    return this.#t.memoryBytes();
  }

  /** Internal storage, for the package's diagnostics; not part of the API. */
  get slotsForDiagnostics(): Slots {
    return this.#t;
  }
}

/**
 * A new key into a table with room: Brent's placement on the path `findForInsert` left. Placing
 * may use one EMPTY slot of the key's shard; if the shard is down to its floor of EMPTY slots,
 * it is first rehashed (its tombstones become EMPTY; the live cap guarantees there are at least
 * a quarter of the shard's spare slots of them) and the path walked again.
 */
function insert(t: Slots, meta: number, w0: number, w1: number, w2: number, w3: number, nowMs: number): number {
  const shard = t.shard;
  if (t.shardSize - t.live[shard]! - t.tombs[shard]! <= t.emptyFloor) {
    rehashShard(t, shard);
    findForInsert(t, meta, w0, w1, w2, w3);
  }
  const slot = placeNew(t);
  initSlot(t, slot, t.newTag, meta, w0, w1, w2, w3, nowMs);
  return slot;
}

/**
 * A new key into a full table, or into a shard at its live cap (`shardFull`): it takes the slot
 * of the coldest key on its own path (no tombstone); if its path has no live slot, or eviction
 * is exact (tests), the coldest of the clock sample or the whole table goes instead (of the
 * key's shard when that is the one that is full), leaving a tombstone.
 */
function replaceColdest(t: Slots, shardFull: boolean, meta: number, w0: number, w1: number, w2: number, w3: number, nowMs: number): number {
  const victim = t.evictionSample >= t.maxEntries ? -1 : coldestOnPath(t, meta, w0, w1, w2, w3, nowMs);
  if (victim < 0) {
    if (shardFull) evictColdestInShard(t, t.shard, nowMs);
    else evictColdest(t, nowMs);
    findForInsert(t, meta, w0, w1, w2, w3); // the new tombstone may be on the key's path: walk again
    return insert(t, meta, w0, w1, w2, w3, nowMs);
  }
  t.stats.evictions++;
  t.size--;
  t.live[t.shard] = t.live[t.shard]! - 1;
  initSlot(t, victim, t.newTag, meta, w0, w1, w2, w3, nowMs);
  return victim;
}

function checkedMeta(family: 4 | 6, prefixLength: number): number {
  const bits = family === 4 ? 32 : family === 6 ? 128 : -1;
  if (!(prefixLength >= 0 && prefixLength <= bits) || (prefixLength | 0) !== prefixLength) {
    throw new FlowError("BAD_KEY", `family ${family} with prefix length ${prefixLength}`);
  }
  return keyMeta(family, prefixLength);
}
