/**
 * Longest-prefix match over IPv4 and IPv6 prefixes: a binary trie in typed arrays (one per
 * family), built once and then only read. A lookup walks at most 32 / 128 nodes, allocates
 * nothing, and also reports how many leading bits decide the answer (the ECS scope).
 */
export class PrefixTrie {
  private left: Int32Array;
  private right: Int32Array;
  private value: Int32Array;
  private used: number;
  private readonly roots: [number, number];
  /** After `lookup`: length of the matched prefix (-1 when nothing matched). */
  matchedLength = -1;
  /** After `lookup`: leading bits shared by every address that gets the same answer. */
  scopeLength = 0;
  /** IPv4 first-16-bit table (DIR-16), built by `freeze`: where a walk is after 16 bits. */
  private jump?: { node: Int32Array; depth: Uint8Array; best: Int32Array; bestLength: Int8Array };

  constructor(initialNodes = 1024) {
    this.left = new Int32Array(initialNodes).fill(-1);
    this.right = new Int32Array(initialNodes).fill(-1);
    this.value = new Int32Array(initialNodes).fill(-1);
    this.used = 2;
    this.roots = [0, 1]; // node 0: IPv4 root, node 1: IPv6 root
  }

  private grow(): void {
    const n = this.left.length * 2;
    const widen = (a: Int32Array) => {
      const b = new Int32Array(n).fill(-1);
      b.set(a);
      return b;
    };
    this.left = widen(this.left);
    this.right = widen(this.right);
    this.value = widen(this.value);
  }

  /** Map `bytes`/`prefixLength` (bits past the prefix ignored) to `value` (>= 0). */
  insert(family: 4 | 6, bytes: Uint8Array, prefixLength: number, value: number): void {
    this.jump = undefined;
    let node = this.roots[family === 4 ? 0 : 1];
    for (let bit = 0; bit < prefixLength; bit++) {
      const one = (bytes[bit >> 3]! & (0x80 >> (bit & 7))) !== 0;
      const children = one ? this.right : this.left;
      let next = children[node]!;
      if (next < 0) {
        if (this.used >= this.left.length) this.grow();
        next = this.used++;
        (one ? this.right : this.left)[node] = next;
      }
      node = next;
    }
    this.value[node] = value;
  }

  /**
   * Value of the longest prefix containing the address (its first `maxBits` bits), or -1.
   * Sets `matchedLength` and `scopeLength`.
   */
  lookup(family: 4 | 6, bytes: Uint8Array, offset = 0, maxBits = family === 4 ? 32 : 128): number {
    let node = this.roots[family === 4 ? 0 : 1];
    let best = this.value[node]!;
    let bestLength = best >= 0 ? 0 : -1;
    let bit = 0;
    const jump = this.jump;
    if (jump !== undefined && family === 4 && maxBits >= 16) {
      // Skip the first 16 steps: the frozen table says where the walk is after them.
      const i = (bytes[offset]! << 8) | bytes[offset + 1]!;
      node = jump.node[i]!;
      bit = jump.depth[i]!;
      best = jump.best[i]!;
      bestLength = jump.bestLength[i]!;
      if (bit < 16) return this.finish(node, bit, maxBits, best, bestLength);
    }
    for (; bit < maxBits; bit++) {
      const one = (bytes[offset + (bit >> 3)]! & (0x80 >> (bit & 7))) !== 0;
      const next = one ? this.right[node]! : this.left[node]!;
      if (next < 0) break;
      node = next;
      const v = this.value[node]!;
      if (v >= 0) {
        best = v;
        bestLength = bit + 1;
      }
    }
    return this.finish(node, bit, maxBits, best, bestLength);
  }

  private finish(node: number, bit: number, maxBits: number, best: number, bestLength: number): number {
    this.matchedLength = bestLength;
    // The walk stopped after `bit` bits. At a leaf every address sharing those bits ends here;
    // otherwise the next bit matters too (the other child may hold a different answer).
    const leaf = this.left[node]! < 0 && this.right[node]! < 0;
    this.scopeLength = Math.min(maxBits, leaf ? bit : bit + 1);
    return best;
  }

  /**
   * Done inserting: precompute, for each value of an IPv4 address's first 16 bits, where the
   * walk stands after them (node, bits consumed, best match so far), so lookups take at most
   * 16 steps instead of 32. 65536 entries, ~0.6 MB. Inserting after this drops the table.
   */
  freeze(): void {
    const size = 1 << 16;
    const jump = { node: new Int32Array(size), depth: new Uint8Array(size), best: new Int32Array(size), bestLength: new Int8Array(size) };
    const fill = (from: number, count: number, node: number, depth: number, best: number, bestLength: number) => {
      jump.node.fill(node, from, from + count);
      jump.depth.fill(depth, from, from + count);
      jump.best.fill(best, from, from + count);
      jump.bestLength.fill(bestLength, from, from + count);
    };
    const visit = (node: number, depth: number, bits: number, best: number, bestLength: number): void => {
      if (depth === 16) {
        fill(bits, 1, node, 16, best, bestLength);
        return;
      }
      for (const b of [0, 1]) {
        const child = b ? this.right[node]! : this.left[node]!;
        const prefix = (bits << 1) | b;
        const span = 1 << (15 - depth);
        if (child < 0) fill(prefix * span, span, node, depth, best, bestLength);
        else {
          const v = this.value[child]!;
          visit(child, depth + 1, prefix, v >= 0 ? v : best, v >= 0 ? depth + 1 : bestLength);
        }
      }
    };
    const root = this.roots[0];
    const v = this.value[root]!;
    visit(root, 0, 0, v, v >= 0 ? 0 : -1);
    this.jump = jump;
  }

  get nodeCount(): number {
    return this.used;
  }

  /** The trie's arrays, trimmed, for transfer to another thread (zero-copy with postMessage). */
  toArrays(): TrieArrays {
    return { left: this.left.slice(0, this.used), right: this.right.slice(0, this.used), value: this.value.slice(0, this.used) };
  }

  /** Adopt arrays from `toArrays` (built elsewhere, e.g. in a worker thread). */
  static fromArrays(arrays: TrieArrays): PrefixTrie {
    const trie = new PrefixTrie(1);
    trie.left = arrays.left;
    trie.right = arrays.right;
    trie.value = arrays.value;
    trie.used = arrays.left.length;
    trie.freeze();
    return trie;
  }
}

/** Each array owns its buffer (toArrays slices), so all three can be transferred to another thread. */
export interface TrieArrays {
  left: Int32Array<ArrayBuffer>;
  right: Int32Array<ArrayBuffer>;
  value: Int32Array<ArrayBuffer>;
}
