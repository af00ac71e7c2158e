import { firstDifference } from "./bits.js";
import { NODE_INTS, type TrieArrays } from "./trie-layout.js";

/**
 * Longest-prefix match over a compiled trie (trie-layout.ts), read-only: the answering
 * threads' side. A lookup reads one DIR-16 entry, walks the path-compressed nodes below bit 16
 * choosing by one bit each (no key compared on the way), then compares the address once with
 * the key of the last node reached: where they first differ is where the walk really left the
 * trie, which both picks the longest matching prefix among the nodes passed and gives the ECS
 * scope. Allocation-free. Answers exactly as a one-bit-per-node trie would (tested against one).
 */
export class CompactTrie {
  private readonly nodes: Int32Array;
  private readonly keys: Uint8Array;
  private readonly dir: Int32Array;
  private readonly keyBytes: number;
  /** Depth and value of each prefix node the walk passed, in order: [depth, value, ...]. */
  private readonly passed = new Int32Array(2 * 130);
  /** After `lookup`: length of the matched prefix (-1 when nothing matched). */
  matchedLength = -1;
  /** After `lookup`: leading bits shared by every address that gets the same answer. */
  scopeLength = 0;

  constructor(readonly arrays: TrieArrays) {
    this.nodes = arrays.nodes;
    this.keys = arrays.keys;
    this.dir = arrays.dir;
    this.keyBytes = arrays.keyBytes;
  }

  get nodeCount(): number {
    return this.arrays.count;
  }

  /** Bytes of the shared arrays (one copy, whatever the number of threads reading them). */
  get byteLength(): number {
    return this.nodes.byteLength + this.keys.byteLength + this.dir.byteLength;
  }

  /**
   * Value of the longest prefix containing the address's first `maxBits` bits (at
   * `bytes[offset..]`), or -1. Sets `matchedLength` and `scopeLength`.
   */
  lookup(bytes: Uint8Array, offset: number, maxBits: number): number {
    const nodes = this.nodes;
    let checked = 0;
    let best = -1;
    let bestLength = -1;
    let next = 0;
    if (maxBits >= 16) {
      const e = ((bytes[offset]! << 8) | bytes[offset + 1]!) << 2;
      const dir = this.dir;
      next = dir[e]!;
      if (next < 0) {
        this.matchedLength = dir[e + 2]!;
        this.scopeLength = dir[e + 3]!;
        return dir[e + 1]!;
      }
      best = dir[e + 1]!;
      bestLength = dir[e + 2]!;
      checked = 16;
    }
    const passed = this.passed;
    let count = 0;
    let last = -1;
    let beyond = -1; // a node past maxBits the address heads into
    for (;;) {
      const meta = nodes[next * NODE_INTS]!;
      const depth = meta & 0xff;
      if (depth > maxBits) {
        beyond = next;
        break;
      }
      last = next;
      if (meta >> 8 !== 0) {
        passed[count++] = depth;
        passed[count++] = (meta >> 8) - 1;
      }
      if (depth === maxBits) break;
      const bit = (bytes[offset + (depth >> 3)]! >> (7 - (depth & 7))) & 1;
      next = nodes[next * NODE_INTS + 1 + bit]!;
      if (next < 0) break;
    }
    let upTo = maxBits; // prefixes deeper than this were passed on bits the address does not have
    if (last >= 0) {
      const depth = nodes[last * NODE_INTS]! & 0xff;
      const differs = firstDifference(bytes, offset, this.keys, last * this.keyBytes, checked, depth);
      if (differs < depth) {
        upTo = differs;
        this.scopeLength = differs + 1;
      } else if (beyond >= 0) {
        this.scopeLength = this.scopeInto(bytes, offset, beyond, depth, maxBits);
      } else {
        const leaf = nodes[last * NODE_INTS + 1]! < 0 && nodes[last * NODE_INTS + 2]! < 0;
        const scope = leaf ? depth : depth + 1;
        this.scopeLength = Math.min(scope, maxBits);
      }
    } else {
      this.scopeLength = this.scopeInto(bytes, offset, beyond, checked, maxBits);
    }
    for (let i = 0; i < count && passed[i]! <= upTo; i += 2) {
      bestLength = passed[i]!;
      best = passed[i + 1]!;
    }
    this.matchedLength = bestLength;
    return best;
  }

  /** The address heads into `node`, deeper than its `maxBits`: the scope is where it leaves that edge. */
  private scopeInto(bytes: Uint8Array, offset: number, node: number, from: number, maxBits: number): number {
    const differs = firstDifference(bytes, offset, this.keys, node * this.keyBytes, from, maxBits);
    return differs < maxBits ? differs + 1 : maxBits;
  }
}
