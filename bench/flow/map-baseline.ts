/**
 * What the table replaces: a Map from the source's text key to an entry object, with the same
 * per-source state (counts per group, lazily decayed score, first/last seen, ECS flag) and the
 * same sampled coldest-first eviction. The keys are the address strings a server has at hand.
 */
interface Entry {
  counts: number[];
  score: number;
  lastSeenMs: number;
  firstSeenMs: number;
  ecs: boolean;
}

export class MapFlowBaseline {
  readonly map = new Map<string, Entry>();
  readonly #decayPerMs: number;

  constructor(
    readonly maxEntries: number,
    readonly groups: number,
    halfLifeMs: number,
  ) {
    this.#decayPerMs = Math.LN2 / halfLifeMs;
  }

  record(key: string, group: number, nowMs: number, ecs: boolean): void {
    let e = this.map.get(key);
    if (e === undefined) {
      if (this.map.size >= this.maxEntries) this.#evict(nowMs);
      e = { counts: new Array<number>(this.groups).fill(0), score: 0, lastSeenMs: nowMs, firstSeenMs: nowMs, ecs: false };
      this.map.set(key, e);
    }
    e.counts[group]!++;
    if (ecs) e.ecs = true;
    if (nowMs > e.lastSeenMs) {
      e.score = e.score * Math.exp((e.lastSeenMs - nowMs) * this.#decayPerMs) + 1;
      e.lastSeenMs = nowMs;
    } else {
      e.score += 1;
    }
  }

  #evict(nowMs: number): void {
    let victim: string | undefined;
    let coldest = Infinity;
    let seen = 0;
    for (const [key, e] of this.map) {
      const score = e.score * Math.exp((e.lastSeenMs - nowMs) * this.#decayPerMs);
      if (score < coldest) {
        coldest = score;
        victim = key;
      }
      if (++seen === 8) break;
    }
    if (victim !== undefined) this.map.delete(victim);
  }
}
