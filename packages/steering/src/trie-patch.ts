import { bitAt, firstDifference } from "./bits.js";
import { NODE_INTS, type TrieArrays } from "./trie-layout.js";

/**
 * A new provider for a prefix the trie already holds changes no node's place, only values: the
 * node's own, and (for prefixes shorter than 16 bits) the DIR-16 entries whose best match it
 * is. So a map whose decisions only changed providers is made from the old one in
 * milliseconds, not rebuilt: these copy the arrays that hold values and patch them. Keys are
 * shared with the old map (unchanged); the old map is never written (threads may be reading it).
 */

/** A copy of `t` whose values may be patched: nodes and DIR-16 copied, keys shared. */
export function copyForValues(t: TrieArrays): TrieArrays {
  const nodes = new Int32Array(new SharedArrayBuffer(t.nodes.byteLength));
  nodes.set(t.nodes);
  const dir = new Int32Array(new SharedArrayBuffer(t.dir.byteLength));
  dir.set(t.dir);
  return { keyBytes: t.keyBytes, count: t.count, nodes, keys: t.keys, dir };
}

/**
 * Sets the value of the prefix made of `key`'s first `length` bits. False, with nothing
 * changed, when no prefix of exactly that ends in the trie (adding or removing one changes the
 * trie's shape: that is a rebuild).
 */
export function setPrefixValue(t: TrieArrays, key: Uint8Array, length: number, value: number): boolean {
  const { nodes, keys, keyBytes, dir } = t;
  let node = 0;
  for (;;) {
    const depth = nodes[node * NODE_INTS]! & 0xff;
    if (depth >= length) break;
    const next = nodes[node * NODE_INTS + 1 + bitAt(key, 0, depth)]!;
    if (next < 0) return false;
    node = next;
  }
  const meta = nodes[node * NODE_INTS]!;
  if ((meta & 0xff) !== length || meta >> 8 === 0) return false;
  if (firstDifference(key, 0, keys, node * keyBytes, 0, length) < length) return false;
  nodes[node * NODE_INTS] = length | ((value + 1) << 8);
  if (length < 16) {
    // DIR-16 entries under the prefix whose best match above bit 16 is this prefix (the one of its length there).
    const first = (((key[0]! << 8) | key[1]!) >>> (16 - length)) << (16 - length);
    const end = first + (1 << (16 - length));
    for (let e = first * 4; e < end * 4; e += 4) if (dir[e + 2] === length) dir[e + 1] = value;
  }
  return true;
}
