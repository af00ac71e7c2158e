import { FlowError } from "./errors.js";
import { layoutFor } from "./layout.js";
import { nextPrime } from "./primes.js";

/** Longest prefix of a probe sequence Brent's search looks at (bounds an insert to ~BRENT_LIMIT^2/2 reads). */
export const BRENT_LIMIT = 64;

/** Counters that show the algorithm at work (tests and the bench read them). */
export interface TableStats {
  /** Inserts where Brent moved an existing key one or more steps along its own sequence. */
  relocations: number;
  evictions: number;
  /** Shard rehashes (each O(shard size)). */
  rehashes: number;
}

/**
 * The table's storage and bookkeeping, shared by the probe, placement, eviction and rehash
 * modules. Everything is allocated here, once; no operation allocates afterwards.
 */
export class Slots {
  /** All slots: `shards` shards of `shardSize` (prime) slots each, shard k at k * shardSize. */
  readonly capacity: number;
  readonly shards: number;
  readonly shardSize: number;
  readonly maxEntries: number;
  readonly groups: number;
  readonly stride: number;
  readonly floats: number;
  /** Per slot: EMPTY, TOMBSTONE, PENDING, or a live slot's fingerprint (see layout.ts). */
  readonly tags: Uint8Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  /** Decay constant per ms: ln 2 / half-life. */
  readonly decayPerMs: number;
  readonly brent: boolean;
  readonly evictionSample: number;
  /**
   * A shard keeps at least this many EMPTY slots between operations (misses stop at EMPTY, so
   * this bounds them): an insert that finds no more first rehashes the shard.
   */
  readonly emptyFloor: number;
  /**
   * Live entries a shard may hold; a new key for a shard at the cap evicts within the shard.
   * shardSize - emptyFloor - liveCap >= 1/4 of the shard's spare slots, so a rehash forced by
   * the floor always has that many tombstones to clear (amortised O(1) per tombstone).
   */
  readonly liveCap: number;
  size = 0;
  tombstones = 0;
  /** Per shard: live entries and tombstones (EMPTY = shardSize - live - tombs). */
  readonly live: Int32Array;
  readonly tombs: Int32Array;
  /** Clock hand of the eviction sampler: where the next sample starts; per shard for shard-local eviction. */
  hand = 0;
  readonly hands: Int32Array;
  /** Set by a missed lookup for insert: the key's shard. */
  shard = 0;
  readonly stats: TableStats = { relocations: 0, evictions: 0, rehashes: 0 };
  /** Set by a missed lookup for insert: first free slot on the path and its probe index. */
  freeAt = -1;
  freeIndex = 0;
  newTag = 0;
  /** Brent scratch: new key's probe positions, and per occupant its walk position and step. */
  readonly path = new Int32Array(BRENT_LIMIT);
  readonly walkAt = new Int32Array(BRENT_LIMIT);
  readonly walkStep = new Int32Array(BRENT_LIMIT);
  /** Rehash scratch: one slot's words, carried along the swap chain. */
  readonly carry: Int32Array;

  constructor(
    maxEntries: number,
    maxLoad: number,
    groups: number,
    halfLifeMs: number,
    brent: boolean,
    evictionSample: number,
    shardSlots: number,
  ) {
    const layout = layoutFor(groups);
    this.maxEntries = maxEntries;
    const slots = Math.max(Math.ceil(maxEntries / maxLoad), maxEntries + 2);
    this.shards = Math.max(1, Math.round(slots / shardSlots));
    const perShard = Math.ceil(maxEntries / this.shards);
    this.shardSize = nextPrime(Math.max(Math.ceil(slots / this.shards), perShard + 2));
    this.capacity = this.shards * this.shardSize;
    const quarterSpare = Math.max(1, Math.floor((this.shardSize - perShard) / 4));
    this.emptyFloor = quarterSpare;
    this.liveCap = this.shardSize - 2 * quarterSpare;
    this.groups = groups;
    this.stride = layout.stride;
    this.floats = layout.floats;
    // slot * stride must stay an int32 for the hot path's index arithmetic
    if (this.capacity * this.stride >= 2 ** 31) throw new FlowError("BAD_OPTIONS", "table too large");
    const buffer = new ArrayBuffer(this.capacity * this.stride * 4);
    this.tags = new Uint8Array(this.capacity);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.decayPerMs = Math.LN2 / halfLifeMs;
    this.brent = brent;
    this.evictionSample = evictionSample;
    this.carry = new Int32Array(this.stride);
    this.live = new Int32Array(this.shards);
    this.tombs = new Int32Array(this.shards);
    this.hands = new Int32Array(this.shards);
  }

  memoryBytes(): number {
    return (
      this.tags.byteLength +
      this.i32.byteLength +
      (this.path.byteLength + this.walkAt.byteLength + this.walkStep.byteLength) +
      this.carry.byteLength +
      this.live.byteLength +
      this.tombs.byteLength +
      this.hands.byteLength
    );
  }
}
