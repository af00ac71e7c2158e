import { countStates, type FlowTable, shardLimits, shardStates } from "../src/index.js";

/** A key as the tests generate it: canonical words (bits past the prefix zero). */
export interface Key {
  family: 4 | 6;
  words: [number, number, number, number];
  prefixLength: number;
}

export interface RefEntry {
  key: Key;
  counts: number[];
  score: number;
  lastSeenMs: number;
  firstSeenMs: number;
  ecs: boolean;
}

export const idOf = (k: Key): string => `${k.family}/${k.words.join(",")}/${k.prefixLength}`;

/** The table's semantics on a Map of objects, with the same decay arithmetic (so scores match). */
export class ReferenceTable {
  readonly entries = new Map<string, RefEntry>();
  readonly #decayPerMs: number;

  constructor(
    readonly groups: number,
    halfLifeMs: number,
  ) {
    this.#decayPerMs = Math.LN2 / halfLifeMs;
  }

  record(key: Key, group: number, nowMs: number, ecs: boolean): void {
    let e = this.entries.get(idOf(key));
    if (e === undefined) {
      e = {
        key,
        counts: new Array<number>(this.groups).fill(0),
        score: 0,
        lastSeenMs: nowMs,
        firstSeenMs: Math.floor(nowMs / 1000) * 1000,
        ecs: false,
      };
      this.entries.set(idOf(key), e);
    }
    e.counts[group]!++;
    e.ecs ||= ecs;
    if (nowMs > e.lastSeenMs) {
      e.score = e.score * Math.exp((e.lastSeenMs - nowMs) * this.#decayPerMs) + 1;
      e.lastSeenMs = nowMs;
    } else {
      e.score += 1;
    }
  }

  scoreAt(e: RefEntry, nowMs: number): number {
    return nowMs > e.lastSeenMs ? e.score * Math.exp((e.lastSeenMs - nowMs) * this.#decayPerMs) : e.score;
  }
}

export function findKey(table: FlowTable, k: Key): number {
  return table.find(k.family, k.words[0], k.words[1], k.words[2], k.words[3], k.prefixLength);
}

export function recordKey(table: FlowTable, k: Key, group: number, nowMs: number, ecs: boolean): number {
  return table.record(k.family, k.words[0], k.words[1], k.words[2], k.words[3], k.prefixLength, group, nowMs, ecs);
}

export function deleteKey(table: FlowTable, k: Key): boolean {
  return table.delete(k.family, k.words[0], k.words[1], k.words[2], k.words[3], k.prefixLength);
}

/** Same membership, counts, ECS flags, times and scores; size within bounds. Throws on a mismatch. */
export function assertSame(table: FlowTable, ref: ReferenceTable): void {
  if (table.size !== ref.entries.size) throw new Error(`size ${table.size} != reference ${ref.entries.size}`);
  if (table.size > table.maxEntries) throw new Error(`size ${table.size} over maxEntries ${table.maxEntries}`);
  let live = 0;
  for (const e of table.entries()) {
    live++;
    const key: Key = { family: e.family, words: e.words, prefixLength: e.prefixLength };
    const r = ref.entries.get(idOf(key));
    if (r === undefined) throw new Error(`table has ${idOf(key)}, reference does not`);
    if (findKey(table, key) !== e.slot) throw new Error(`${idOf(key)} not found at its slot`);
    if (e.counts.join() !== r.counts.join()) throw new Error(`${idOf(key)} counts ${e.counts} != ${r.counts}`);
    if (e.ecs !== r.ecs || e.lastSeenMs !== r.lastSeenMs || e.firstSeenMs !== r.firstSeenMs)
      throw new Error(`${idOf(key)} flags/times differ`);
    if (Math.abs(e.score - r.score) > 1e-9 * Math.max(1, r.score)) throw new Error(`${idOf(key)} score ${e.score} != ${r.score}`);
  }
  if (live !== table.size) throw new Error(`iterated ${live} entries, size ${table.size}`);
  const states = countStates(table);
  if (states.live !== table.size || states.tombstones !== table.tombstones)
    throw new Error(`bookkeeping ${JSON.stringify(states)} vs size ${table.size}, tombstones ${table.tombstones}`);
  if (states.empty < 1) throw new Error("no EMPTY slot left: misses would never stop");
  const { emptyFloor, liveCap } = shardLimits(table);
  for (const [shard, s] of shardStates(table).entries()) {
    if (s.live !== s.countedLive || s.tombstones !== s.countedTombstones)
      throw new Error(`shard ${shard} bookkeeping ${JSON.stringify(s)}`);
    if (s.empty < emptyFloor) throw new Error(`shard ${shard} has ${s.empty} EMPTY slots, under its floor ${emptyFloor}`);
    if (s.live > liveCap) throw new Error(`shard ${shard} holds ${s.live} live, over its cap ${liveCap}`);
  }
}
