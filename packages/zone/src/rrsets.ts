import type { RRset } from "./types.js";

/**
 * The RRsets of one node, by type. Most nodes hold one RRset and few hold more than a handful,
 * so this is one field plus a short list searched in order, not a hash table: a `Map` per node
 * cost ~190 octets and a good part of the load time of a million-name zone, and a scan of one
 * to three entries is no slower to query. Read-only to everyone but the zone builder.
 */
export class RRsetsByType implements ReadonlyMap<number, RRset> {
  private first: RRset | undefined;
  private more: RRset[] | undefined;

  get size(): number {
    return this.first === undefined ? 0 : 1 + (this.more === undefined ? 0 : this.more.length);
  }

  get(type: number): RRset | undefined {
    const first = this.first;
    if (first === undefined || first.type === type) return first;
    const more = this.more;
    if (more !== undefined) {
      for (let i = 0; i < more.length; i++) if (more[i]!.type === type) return more[i];
    }
    return undefined;
  }

  has(type: number): boolean {
    return this.get(type) !== undefined;
  }

  /** Builder only: `set.type` must not be present yet. */
  add(set: RRset): void {
    if (this.first === undefined) this.first = set;
    else (this.more ??= []).push(set);
  }

  values(): MapIterator<RRset> {
    return this.list().values();
  }

  keys(): MapIterator<number> {
    return this.list()
      .map((s) => s.type)
      .values();
  }

  entries(): MapIterator<[number, RRset]> {
    return this.list()
      .map((s): [number, RRset] => [s.type, s])
      .values();
  }

  [Symbol.iterator](): MapIterator<[number, RRset]> {
    return this.entries();
  }

  forEach(fn: (value: RRset, key: number, map: ReadonlyMap<number, RRset>) => void, thisArg?: unknown): void {
    for (const s of this.list()) fn.call(thisArg, s, s.type, this);
  }

  private list(): RRset[] {
    if (this.first === undefined) return [];
    return this.more === undefined ? [this.first] : [this.first, ...this.more];
  }
}

/** The RRsets of every empty non-terminal: there are none (the builder adds ENTs last, and never to them). */
export const NO_RRSETS = new RRsetsByType();
