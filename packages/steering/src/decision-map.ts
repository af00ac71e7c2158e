import type { DecisionRoute } from "@dnsteer/model";
import { parseIPv4Into, parseIPv6Into, parseScopedAddressInto } from "@dnsteer/net";
import { CompactTrie } from "./compact-trie.js";
import { sortByLeadingBits } from "./key-sort.js";
import { TrieBuilder } from "./trie-builder.js";
import type { TrieArrays } from "./trie-layout.js";
import { copyForValues, setPrefixValue } from "./trie-patch.js";

/** A decision as it changed: its prefix now answers `provider`; null = the decision was deleted. */
export interface RouteChange {
  prefix: string;
  prefixLength: number;
  provider: string | null;
}

/**
 * The responder's in-memory view of the decisions: longest-prefix match from a source address
 * to a provider index. Immutable and in shared memory; a refresh builds a new map (in the
 * refresh thread) and each answering thread swaps it in by adopting the same arrays.
 */
export class DecisionMap {
  private readonly v4: CompactTrie;
  private readonly v6: CompactTrie;
  private readonly scratch = new Uint8Array(16);
  /** After `lookupText`/`lookupBytes`: the ECS scope the answer is valid for. */
  scopeLength = 0;
  /** After `lookupText`/`lookupBytes`: the length of the decision prefix that matched; -1 when none did. */
  matchedLength = -1;

  /** `providers` fixes the index order; decisions naming unknown providers are skipped. */
  static from(providers: readonly string[], decisions: readonly DecisionRoute[]): DecisionMap {
    const builder = new DecisionMapBuilder(providers, decisions.length);
    for (const d of decisions) builder.add(d.prefix, d.prefixLength, d.provider);
    return builder.build();
  }

  /** Adopt a map built elsewhere (`toTransfer` of another thread's map): no copy, no work. */
  static fromTransfer(t: DecisionMapTransfer): DecisionMap {
    return new DecisionMap(t);
  }

  /** An empty map (no decisions: every lookup -1). */
  static empty(providers: readonly string[]): DecisionMap {
    return new DecisionMapBuilder(providers, 0).build();
  }

  private constructor(private readonly transfer: DecisionMapTransfer) {
    this.v4 = new CompactTrie(transfer.v4);
    this.v6 = new CompactTrie(transfer.v6);
  }

  get providers(): readonly string[] {
    return this.transfer.providers;
  }

  /** Decisions in the map (those naming a known provider). */
  get size(): number {
    return this.transfer.size;
  }

  /** Trie nodes and bytes of shared memory (one copy for every thread that reads the map). */
  get memory(): { nodes: number; bytes: number } {
    return { nodes: this.v4.nodeCount + this.v6.nodeCount, bytes: this.v4.byteLength + this.v6.byteLength };
  }

  /**
   * This map with the providers of some decisions changed, made in milliseconds: the prefixes'
   * values patched in copies of the arrays that hold values (trie-patch.ts); this map is not
   * touched. Undefined when a change is not a new provider for a prefix already in the map (a
   * prefix added or deleted, an unknown provider, a prefix that does not parse): then rebuild.
   */
  withChanges(changes: readonly RouteChange[]): DecisionMap | undefined {
    const index = new Map(this.transfer.providers.map((p, i) => [p, i]));
    const key = new Uint8Array(16);
    let v4: TrieArrays | undefined;
    let v6: TrieArrays | undefined;
    for (const c of changes) {
      const value = c.provider === null ? undefined : index.get(c.provider);
      if (value === undefined) return undefined;
      const isV6 = c.prefix.includes(":");
      key.fill(0);
      const parsed = isV6 ? parseIPv6Into(c.prefix, key, 0, 0, c.prefix.length) : parseIPv4Into(c.prefix, key, 0, 0, c.prefix.length);
      if (!parsed || !(c.prefixLength >= 0 && c.prefixLength <= (isV6 ? 128 : 32))) return undefined;
      const trie = isV6 ? (v6 ??= copyForValues(this.transfer.v6)) : (v4 ??= copyForValues(this.transfer.v4));
      if (!setPrefixValue(trie, key, c.prefixLength, value)) return undefined;
    }
    return new DecisionMap({ ...this.transfer, v4: v4 ?? this.transfer.v4, v6: v6 ?? this.transfer.v6 });
  }

  /**
   * Everything another thread needs to read this map: SharedArrayBuffers, so posting it shares
   * the memory (no copy, no transfer list) and every thread reads the same arrays.
   */
  toTransfer(): DecisionMapTransfer {
    return this.transfer;
  }

  /** Provider index for an address given as text (rinfo.address, zone allowed), or -1. Allocation-free. */
  lookupText(address: string, family: 4 | 6): number {
    if (parseScopedAddressInto(address, this.scratch) !== family) return -1;
    return this.lookupBytes(family, this.scratch, 0, family === 4 ? 32 : 128);
  }

  /** Provider index for the first `bits` bits of an address (an ECS subnet), or -1. */
  lookupBytes(family: 4 | 6, bytes: Uint8Array, offset: number, bits: number): number {
    const trie = family === 4 ? this.v4 : this.v6;
    const p = trie.lookup(bytes, offset, bits);
    this.scopeLength = trie.scopeLength;
    this.matchedLength = trie.matchedLength;
    return p;
  }
}

/**
 * Builds a DecisionMap one decision at a time (no route objects needed: the refresh thread
 * feeds it straight from the store's rows). Decisions are parsed and kept in flat arrays, then
 * `build` inserts them in address order (key-sort.ts). `expected` sizes the arrays up front.
 */
export class DecisionMapBuilder {
  private readonly index: Map<string, number>;
  private keys: Uint8Array;
  private lengths: Uint8Array;
  private values: Int32Array;
  private families: Uint8Array;
  private count = 0;

  constructor(
    private readonly providers: readonly string[],
    expected = 64,
  ) {
    this.index = new Map(providers.map((p, i) => [p, i]));
    const n = Math.max(16, expected);
    this.keys = new Uint8Array(n * 16);
    this.lengths = new Uint8Array(n);
    this.values = new Int32Array(n);
    this.families = new Uint8Array(n);
  }

  /** False (and nothing added) for an unknown provider, an unparsable prefix or a length past the family's. */
  add(prefix: string, prefixLength: number, provider: string): boolean {
    const p = this.index.get(provider);
    return p !== undefined && this.addParsed(prefix, 0, prefix.length, prefixLength, p);
  }

  /**
   * Adds lines of "prefix length provider" joined by "\n" (what the store's
   * `decisionRoutePages` hands over); returns how many were added. A line that does not read
   * (or names an unknown provider) is skipped, as `add` skips it.
   */
  addLines(text: string): number {
    let added = 0;
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const gap1 = text.indexOf(" ", start);
      const gap2 = gap1 < 0 ? -1 : text.indexOf(" ", gap1 + 1);
      if (gap2 > 0 && gap2 < end) {
        let length = 0;
        for (let i = gap1 + 1; i < gap2 && length >= 0; i++) {
          const digit = text.charCodeAt(i) - 0x30;
          length = digit >= 0 && digit <= 9 && i - gap1 <= 3 ? length * 10 + digit : -1;
        }
        const p = this.index.get(text.substring(gap2 + 1, end));
        if (gap2 > gap1 + 1 && p !== undefined && this.addParsed(text, start, gap1, length, p)) added++;
      }
      start = end + 1;
    }
    return added;
  }

  private addParsed(text: string, start: number, end: number, prefixLength: number, provider: number): boolean {
    if (this.count === this.lengths.length) this.grow();
    const n = this.count;
    let v6 = false;
    for (let i = start; i < end && !v6; i++) v6 = text.charCodeAt(i) === 0x3a;
    const parsed = v6 ? parseIPv6Into(text, this.keys, n * 16, start, end) : parseIPv4Into(text, this.keys, n * 16, start, end);
    if (!parsed || !(prefixLength >= 0 && prefixLength <= (v6 ? 128 : 32))) return false;
    this.lengths[n] = prefixLength;
    this.values[n] = provider;
    this.families[n] = v6 ? 6 : 4;
    this.count++;
    return true;
  }

  build(): DecisionMap {
    return DecisionMap.fromTransfer({ providers: [...this.providers], size: this.count, v4: this.trie(4), v6: this.trie(6) });
  }

  private trie(family: 4 | 6): TrieArrays {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.families[i] === family) n++;
    const ids = new Uint32Array(n);
    for (let i = 0, j = 0; i < this.count; i++) if (this.families[i] === family) ids[j++] = i;
    // Address order by the first 32 (IPv4) or 48 (IPv6) bits: enough for every insert's walk to stay in cache.
    const ordered = sortByLeadingBits(this.keys, 16, ids, family === 4 ? 2 : 3);
    const builder = new TrieBuilder(family === 4 ? 4 : 16, n);
    for (let i = 0; i < n; i++) {
      const id = ordered[i]!;
      builder.insert(this.keys, id * 16, this.lengths[id]!, this.values[id]!);
    }
    return builder.compile();
  }

  private grow(): void {
    const size = this.lengths.length * 2;
    const keys = new Uint8Array(size * 16);
    keys.set(this.keys);
    this.keys = keys;
    for (const name of ["lengths", "families"] as const) {
      const a = new Uint8Array(size);
      a.set(this[name]);
      this[name] = a;
    }
    const values = new Int32Array(size);
    values.set(this.values);
    this.values = values;
  }
}

/** Where decision routes are read from: @dnsteer/storage's Store (steering itself reads nothing). */
export interface DecisionRouteReader {
  listDecisionRoutes(): readonly DecisionRoute[];
  /** The routes as pages of "prefix length provider" lines (the Store has it: 1M rows, no object each). */
  decisionRoutePages?(visit: (lines: string) => void): void;
  /** How many routes there are (sizes the arrays before a full read). */
  countDecisionRoutes?(): number;
}

/**
 * The decision map the responder serves: every stored route, provider indexes in `providers`
 * order (the config's). `serve`'s refresh thread builds its maps with this and `explain` too,
 * so the two cannot differ.
 */
export function readDecisionMap(store: DecisionRouteReader, providers: readonly string[]): DecisionMap {
  if (store.decisionRoutePages === undefined) return DecisionMap.from(providers, store.listDecisionRoutes());
  const builder = new DecisionMapBuilder(providers, store.countDecisionRoutes?.() ?? 64);
  store.decisionRoutePages((lines) => builder.addLines(lines));
  return builder.build();
}

export interface DecisionMapTransfer {
  providers: string[];
  size: number;
  v4: TrieArrays;
  v6: TrieArrays;
}
