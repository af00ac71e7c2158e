import { bitAt, firstDifference } from "./bits.js";
import { buildDir16 } from "./dir16.js";
import { NODE_INTS, type TrieArrays } from "./trie-layout.js";

/**
 * Builds a path-compressed binary trie (PATRICIA) of prefixes, then `compile`s it into the
 * flat, shared layout of trie-layout.ts. A node exists only where a prefix ends or two
 * prefixes part, so n prefixes give at most 2n nodes whatever their length (an IPv6 /128 costs
 * one or two nodes, not 128). Runs in the refresh thread; the answering threads never build.
 */
export class TrieBuilder {
  private depth: Uint8Array;
  private value: Int32Array;
  private left: Int32Array;
  private right: Int32Array;
  /** Index of each node's key in `keys` (a node shares the key of the prefix that made it). */
  private keyOf: Int32Array;
  private keys: Uint8Array;
  private nodeCount = 1;
  private keyCount = 0;
  /** The nodes from the root to the last inserted prefix's node (the root alone at first). */
  private readonly path = new Int32Array(130);
  private pathLength = 1;

  constructor(
    readonly keyBytes: 4 | 16,
    expectedPrefixes = 64,
  ) {
    const nodes = Math.max(2, 2 * expectedPrefixes + 1);
    this.depth = new Uint8Array(nodes);
    this.value = new Int32Array(nodes).fill(-1);
    this.left = new Int32Array(nodes).fill(-1);
    this.right = new Int32Array(nodes).fill(-1);
    this.keyOf = new Int32Array(nodes);
    this.keys = new Uint8Array(Math.max(1, expectedPrefixes + 1) * keyBytes);
    this.keyCount = 1; // key 0: all zeros, the root's
  }

  /**
   * Map `bytes` (at `offset`) / `length` to `value` (>= 0); bits past `length` are ignored.
   * Any order is right; in address order (key-sort.ts) each insert starts where the last one's
   * path parts from this one's, so it takes a step or two instead of a walk from the root.
   */
  insert(bytes: Uint8Array, offset: number, length: number, value: number): void {
    const stack = this.path;
    let top = this.pathLength - 1;
    const last = stack[top]!;
    const lastDepth = this.depth[last]!;
    const same = firstDifference(bytes, offset, this.keys, this.keyOf[last]! * this.keyBytes, 0, Math.min(lastDepth, length));
    while (top > 0 && this.depth[stack[top]!]! > same) top--;
    const end = this.insertBelow(stack[top]!, bytes, offset, length, value);
    // Remember the path down to the new prefix's node for the next insert.
    let node = stack[top]!;
    while (node !== end) {
      node = bitAt(bytes, offset, this.depth[node]!) ? this.right[node]! : this.left[node]!;
      stack[++top] = node;
    }
    this.pathLength = top + 1;
  }

  /** Insert below `start` (a node whose key is a prefix of this one's); returns the prefix's node. */
  private insertBelow(start: number, bytes: Uint8Array, offset: number, length: number, value: number): number {
    const key = this.storeKey(bytes, offset);
    const kb = this.keyBytes;
    let node = start;
    for (;;) {
      const d = this.depth[node]!;
      if (d === length) {
        this.value[node] = value;
        return node;
      }
      const b = bitAt(this.keys, key * kb, d);
      const child = b ? this.right[node]! : this.left[node]!;
      if (child < 0) {
        const leaf = this.newNode(length, value, key);
        this.link(node, b, leaf);
        return leaf;
      }
      const dc = this.depth[child]!;
      const until = Math.min(dc, length);
      const differs = firstDifference(this.keys, key * kb, this.keys, this.keyOf[child]! * kb, d + 1, until);
      if (differs === until) {
        if (dc <= length) {
          node = child;
          continue;
        }
        // The new prefix ends on the edge to `child`: it becomes that child's parent.
        const mid = this.newNode(length, value, key);
        this.link(mid, bitAt(this.keys, this.keyOf[child]! * kb, length), child);
        this.link(node, b, mid);
        return mid;
      }
      // The new prefix parts from the edge at bit `differs`: a branch node there holds both.
      const branch = this.newNode(differs, -1, key);
      const leaf = this.newNode(length, value, key);
      this.link(branch, bitAt(this.keys, key * kb, differs), leaf);
      this.link(branch, bitAt(this.keys, this.keyOf[child]! * kb, differs), child);
      this.link(node, b, branch);
      return leaf;
    }
  }

  /**
   * The finished trie in shared memory, with its DIR-16 table. Nodes keep the order they were
   * made in: inserted in address order that is nearly depth-first, so a subtree's nodes sit
   * together in memory (renumbering them properly cost a third of the build and gained nothing
   * measurable in lookups).
   */
  compile(): TrieArrays {
    const n = this.nodeCount;
    const kb = this.keyBytes;
    const nodes = new Int32Array(new SharedArrayBuffer(n * NODE_INTS * 4));
    const keys = new Uint8Array(new SharedArrayBuffer(n * kb));
    for (let i = 0; i < n; i++) {
      nodes[i * NODE_INTS] = this.depth[i]! | ((this.value[i]! + 1) << 8);
      nodes[i * NODE_INTS + 1] = this.left[i]!;
      nodes[i * NODE_INTS + 2] = this.right[i]!;
      const k = this.keyOf[i]! * kb;
      for (let j = 0; j < kb; j++) keys[i * kb + j] = this.keys[k + j]!;
    }
    return { keyBytes: kb, nodes, keys, dir: buildDir16(nodes, keys, kb) };
  }

  private storeKey(bytes: Uint8Array, offset: number): number {
    const kb = this.keyBytes;
    if ((this.keyCount + 1) * kb > this.keys.length) this.keys = grown(this.keys, this.keys.length * 2, 0);
    const at = this.keyCount * kb;
    for (let i = 0; i < kb; i++) this.keys[at + i] = bytes[offset + i]!;
    return this.keyCount++;
  }

  private newNode(depth: number, value: number, key: number): number {
    if (this.nodeCount === this.depth.length) {
      const size = this.depth.length * 2;
      this.depth = grown(this.depth, size, 0);
      this.value = grown(this.value, size, -1);
      this.left = grown(this.left, size, -1);
      this.right = grown(this.right, size, -1);
      this.keyOf = grown(this.keyOf, size, 0);
    }
    const node = this.nodeCount++;
    this.depth[node] = depth;
    this.value[node] = value;
    this.keyOf[node] = key;
    return node;
  }

  private link(parent: number, bit: number, child: number): void {
    (bit ? this.right : this.left)[parent] = child;
  }
}

function grown<T extends Uint8Array | Int32Array>(a: T, size: number, fill: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}
