/**
 * The flat layout a compiled trie lives in, shared by the builder (which writes it) and the
 * reader (which only reads it). Everything sits in SharedArrayBuffers: a map built in the
 * refresh thread is posted to the answering threads without a copy and read by all of them.
 *
 * - `nodes`: 4 Int32 per node (one 16-byte slot: a node never straddles a cache line):
 *   [meta, left child, right child, unused]; meta = depth | (value + 1) << 8, value -1 = no
 *   prefix ends here; children -1 = none. Node 0 is the root (depth 0).
 * - `keys`: `keyBytes` per node: the bits on the path to the node (those past its depth unused).
 * - `dir`: 4 Int32 per value of an address's first 16 bits (DIR-16): where an exact walk over
 *   those bits ends. [node, value, matched length, scope]: node >= 0 = go on from that node
 *   (depth >= 16, its first 16 bits checked) with value/matched length the best match so far;
 *   node -1 = the walk ended above bit 16 and value, matched length and scope are the answer.
 */
export interface TrieArrays {
  keyBytes: 4 | 16;
  /** Nodes in use (the arrays may hold room for more: they are sized from the count expected). */
  count: number;
  nodes: Int32Array<SharedArrayBuffer>;
  keys: Uint8Array<SharedArrayBuffer>;
  dir: Int32Array<SharedArrayBuffer>;
}

export const NODE_INTS = 4;
export const DIR_ENTRIES = 1 << 16;

export function nodeDepth(nodes: Int32Array, node: number): number {
  return nodes[node * NODE_INTS]! & 0xff;
}

export function nodeValue(nodes: Int32Array, node: number): number {
  return (nodes[node * NODE_INTS]! >> 8) - 1;
}

/** Child `bit` (0 = left, 1 = right) of `node`, or -1. */
export function nodeChild(nodes: Int32Array, node: number, bit: number): number {
  return nodes[node * NODE_INTS + 1 + bit]!;
}
