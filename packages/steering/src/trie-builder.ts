import { bitAt, firstDifference } from "./bits.js";
import { buildDir16 } from "./dir16.js";
import { NODE_INTS, type TrieArrays } from "./trie-layout.js";

/**
 * Builds a path-compressed binary trie (PATRICIA) of prefixes straight into the flat, shared
 * layout of trie-layout.ts; `compile` adds the DIR-16 table. A node exists only where a prefix
 * ends or two prefixes part, so n prefixes give at most 2n + 1 nodes whatever their length (an
 * IPv6 /128 costs one or two nodes, not 128), and the arrays are that size from the start (grown
 * only past the count given). Runs in the refresh thread; the answering threads never build.
 */
export class TrieBuilder {
  private nodes: Int32Array<SharedArrayBuffer>;
  private keys: Uint8Array<SharedArrayBuffer>;
  private count = 1;
  /** The nodes from the root to the last inserted prefix's node (the root alone at first). */
  private readonly path = new Int32Array(130);
  private pathLength = 1;

  constructor(
    readonly keyBytes: 4 | 16,
    expectedPrefixes = 64,
  ) {
    const capacity = Math.max(2, 2 * expectedPrefixes + 1);
    this.nodes = new Int32Array(new SharedArrayBuffer(capacity * NODE_INTS * 4));
    this.keys = new Uint8Array(new SharedArrayBuffer(capacity * keyBytes));
    this.nodes[1] = -1; // the root: depth 0, no value (meta 0), no children
    this.nodes[2] = -1;
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
    const lastDepth = this.depthOf(last);
    const same = firstDifference(bytes, offset, this.keys, last * this.keyBytes, 0, Math.min(lastDepth, length));
    while (top > 0 && this.depthOf(stack[top]!) > same) top--;
    const end = this.insertBelow(stack[top]!, bytes, offset, length, value);
    // Remember the path down to the new prefix's node for the next insert.
    let node = stack[top]!;
    while (node !== end) {
      node = this.nodes[node * NODE_INTS + 1 + bitAt(bytes, offset, this.depthOf(node))]!;
      stack[++top] = node;
    }
    this.pathLength = top + 1;
  }

  /** Insert below `start` (a node whose key is a prefix of this one's); returns the prefix's node. */
  private insertBelow(start: number, bytes: Uint8Array, offset: number, length: number, value: number): number {
    const nodes = this.nodes;
    const kb = this.keyBytes;
    let node = start;
    for (;;) {
      const d = this.depthOf(node);
      if (d === length) {
        nodes[node * NODE_INTS] = d | ((value + 1) << 8);
        return node;
      }
      const b = bitAt(bytes, offset, d);
      const child = nodes[node * NODE_INTS + 1 + b]!;
      if (child < 0) {
        const leaf = this.newNode(length, value, bytes, offset);
        this.nodes[node * NODE_INTS + 1 + b] = leaf;
        return leaf;
      }
      const dc = this.depthOf(child);
      const until = Math.min(dc, length);
      const differs = firstDifference(bytes, offset, this.keys, child * kb, d + 1, until);
      if (differs === until) {
        if (dc <= length) {
          node = child;
          continue;
        }
        // The new prefix ends on the edge to `child`: it becomes that child's parent.
        const mid = this.newNode(length, value, bytes, offset);
        this.nodes[mid * NODE_INTS + 1 + bitAt(this.keys, child * kb, length)] = child;
        this.nodes[node * NODE_INTS + 1 + b] = mid;
        return mid;
      }
      // The new prefix parts from the edge at bit `differs`: a branch node there holds both.
      const branch = this.newNode(differs, -1, bytes, offset);
      const leaf = this.newNode(length, value, bytes, offset);
      this.nodes[branch * NODE_INTS + 1 + bitAt(bytes, offset, differs)] = leaf;
      this.nodes[branch * NODE_INTS + 1 + bitAt(this.keys, child * kb, differs)] = child;
      this.nodes[node * NODE_INTS + 1 + b] = branch;
      return leaf;
    }
  }

  /**
   * The finished trie with its DIR-16 table. Nodes keep the order they were made in: inserted in
   * address order that is nearly depth-first, so a subtree's nodes sit together in memory.
   */
  compile(): TrieArrays {
    const { nodes, keys, keyBytes, count } = this;
    return { keyBytes, count, nodes, keys, dir: buildDir16(nodes, keys, keyBytes) };
  }

  private depthOf(node: number): number {
    return this.nodes[node * NODE_INTS]! & 0xff;
  }

  private newNode(depth: number, value: number, bytes: Uint8Array, offset: number): number {
    if (this.count * NODE_INTS === this.nodes.length) this.grow();
    const node = this.count++;
    const at = node * NODE_INTS;
    this.nodes[at] = depth | ((value + 1) << 8);
    this.nodes[at + 1] = -1;
    this.nodes[at + 2] = -1;
    const kb = this.keyBytes;
    for (let i = 0; i < kb; i++) this.keys[node * kb + i] = bytes[offset + i]!;
    return node;
  }

  /** More prefixes than the builder was told of: double both arrays (a copy; not on the usual path). */
  private grow(): void {
    const nodes = new Int32Array(new SharedArrayBuffer(this.nodes.byteLength * 2));
    nodes.set(this.nodes);
    this.nodes = nodes;
    const keys = new Uint8Array(new SharedArrayBuffer(this.keys.byteLength * 2));
    keys.set(this.keys);
    this.keys = keys;
  }
}
