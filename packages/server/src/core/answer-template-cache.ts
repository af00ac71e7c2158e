/**
 * Template lookups since the process started, for /metrics: [zone hits, zone misses, zone cache
 * clears (full), steered hits, steered misses]. Process-wide, not per cache: a cache lives in one
 * snapshot and is thrown away at each reload, and a counter must not go back to 0 then. Every
 * server in the process adds to it. A typed array: one increment per query, no allocation.
 */
export const templateCacheCounts = new Float64Array(5);
export const ZONE_HIT = 0;
export const ZONE_MISS = 1;
export const ZONE_CLEARED = 2;
export const STEERED_HIT = 3;
export const STEERED_MISS = 4;

/**
 * Answer templates of zone answers (see answer-template.ts), keyed by (qtype, Query.key). One
 * lives in each snapshot and is thrown away with it, so a reload never serves a stale template.
 */
export class AnswerTemplateCache {
  private readonly byType = new Map<number, Map<string, Buffer>>();
  private entries = 0;

  constructor(private readonly maxEntries: number) {}

  /** The template, or undefined; counted as a hit or a miss. */
  get(qtype: number, key: string): Buffer | undefined {
    const template = this.byType.get(qtype)?.get(key);
    templateCacheCounts[template === undefined ? ZONE_MISS : ZONE_HIT]!++;
    return template;
  }

  /** The template without counting the lookup (the fast lane counts a hit only when it answers). */
  peek(qtype: number, key: string): Buffer | undefined {
    return this.byType.get(qtype)?.get(key);
  }

  set(qtype: number, key: string, template: Buffer): void {
    if (this.maxEntries <= 0) return;
    // Starting over when full bounds memory under random-name floods without LRU bookkeeping.
    if (this.entries >= this.maxEntries) {
      templateCacheCounts[ZONE_CLEARED]!++;
      this.byType.clear();
      this.entries = 0;
    }
    let names = this.byType.get(qtype);
    if (!names) this.byType.set(qtype, (names = new Map()));
    if (!names.has(key)) this.entries++;
    names.set(key, template);
  }

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  get size(): number {
    return this.entries;
  }
}
