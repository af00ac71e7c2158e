/**
 * Answer templates of zone answers (see answer-template.ts), keyed by (qtype, Query.key). One
 * lives in each snapshot and is thrown away with it, so a reload never serves a stale template.
 */
export class AnswerTemplateCache {
  private readonly byType = new Map<number, Map<string, Buffer>>();
  private entries = 0;

  constructor(private readonly maxEntries: number) {}

  get(qtype: number, key: string): Buffer | undefined {
    return this.byType.get(qtype)?.get(key);
  }

  set(qtype: number, key: string, template: Buffer): void {
    if (this.maxEntries <= 0) return;
    // Starting over when full bounds memory under random-name floods without LRU bookkeeping.
    if (this.entries >= this.maxEntries) {
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
