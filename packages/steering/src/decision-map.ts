import type { DecisionRoute } from "@dnsteer/model";
import { parseAddressInto, parseScopedAddressInto } from "@dnsteer/net";
import { PrefixTrie, type TrieArrays } from "./prefix-trie.js";

/**
 * The responder's in-memory view of the decisions: longest-prefix match from a source address
 * to a provider index. Immutable; a refresh builds a new map and swaps it in.
 */
export class DecisionMap {
  private trie = new PrefixTrie();
  private readonly scratch = new Uint8Array(16);
  /** After `lookupText`/`lookupBytes`: the ECS scope the answer is valid for. */
  scopeLength = 0;
  /** After `lookupText`/`lookupBytes`: the length of the decision prefix that matched; -1 when none did. */
  matchedLength = -1;
  private count = 0;

  /** `providers` fixes the index order; decisions naming unknown providers are skipped. */
  constructor(
    readonly providers: readonly string[],
    decisions: readonly DecisionRoute[],
  ) {
    const index = new Map(providers.map((p, i) => [p, i]));
    let size = 0;
    const bytes = new Uint8Array(16);
    for (const d of decisions) {
      const p = index.get(d.provider);
      if (p === undefined) continue;
      const family = parseAddressInto(d.prefix, bytes);
      if (family === 0) continue;
      this.trie.insert(family, bytes, d.prefixLength, p);
      size++;
    }
    this.trie.freeze();
    this.count = size;
  }

  /** Decisions in the map (those naming a known provider). */
  get size(): number {
    return this.count;
  }

  /** Everything needed to rebuild this map in another thread; the arrays are transferable. */
  toTransfer(): DecisionMapTransfer {
    return { providers: [...this.providers], size: this.size, trie: this.trie.toArrays() };
  }

  /** Rebuild a map from `toTransfer` output without re-inserting (cheap on the receiving side). */
  static fromTransfer(t: DecisionMapTransfer): DecisionMap {
    const map = new DecisionMap(t.providers, []);
    map.trie = PrefixTrie.fromArrays(t.trie);
    map.count = t.size;
    return map;
  }

  /** Provider index for an address given as text (rinfo.address, zone allowed), or -1. Allocation-free. */
  lookupText(address: string, family: 4 | 6): number {
    if (parseScopedAddressInto(address, this.scratch) !== family) return -1;
    return this.lookupBytes(family, this.scratch, 0, family === 4 ? 32 : 128);
  }

  /** Provider index for the first `bits` bits of an address (an ECS subnet), or -1. */
  lookupBytes(family: 4 | 6, bytes: Uint8Array, offset: number, bits: number): number {
    const p = this.trie.lookup(family, bytes, offset, bits);
    this.scopeLength = this.trie.scopeLength;
    this.matchedLength = this.trie.matchedLength;
    return p;
  }
}

/** Where decision routes are read from: @dnsteer/storage's Store (steering itself reads nothing). */
export interface DecisionRouteReader {
  listDecisionRoutes(): readonly DecisionRoute[];
}

/**
 * The decision map the responder serves: every stored route, provider indexes in `providers`
 * order (the config's). `serve`'s refresh thread builds its maps with this and `explain` too,
 * so the two cannot differ.
 */
export function readDecisionMap(store: DecisionRouteReader, providers: readonly string[]): DecisionMap {
  return new DecisionMap(providers, store.listDecisionRoutes());
}

export interface DecisionMapTransfer {
  providers: string[];
  size: number;
  trie: TrieArrays;
}
