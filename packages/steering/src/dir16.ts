import { DIR_ENTRIES, nodeChild, nodeDepth, nodeValue } from "./trie-layout.js";

/**
 * The DIR-16 table of a compiled trie (see trie-layout.ts): for each value of an address's first
 * 16 bits, where an exact walk over them ends, so a lookup starts with one table read and the
 * checks of the first 16 bits are done. Filled by one depth-first pass over the nodes above
 * bit 16 (range fills, not 65 536 walks).
 */
export function buildDir16(nodes: Int32Array, keys: Uint8Array, keyBytes: number): Int32Array<SharedArrayBuffer> {
  const dir = new Int32Array(new SharedArrayBuffer(DIR_ENTRIES * 4 * 4));
  const top16 = (node: number) => (keys[node * keyBytes]! << 8) | keys[node * keyBytes + 1]!;
  const end = (from: number, count: number, value: number, matched: number, scope: number) => {
    for (let at = from * 4; at < (from + count) * 4; at += 4) {
      dir[at] = -1;
      dir[at + 1] = value;
      dir[at + 2] = matched;
      dir[at + 3] = scope;
    }
  };
  const visit = (node: number, best: number, bestLength: number): void => {
    const d = nodeDepth(nodes, node);
    const leaf = nodeChild(nodes, node, 0) < 0 && nodeChild(nodes, node, 1) < 0;
    const path = d === 0 ? 0 : (top16(node) >>> (16 - d)) << (16 - d);
    for (let b = 0; b < 2; b++) {
      const side = path | (b << (15 - d));
      const span = 1 << (15 - d);
      const child = nodeChild(nodes, node, b);
      if (child < 0) {
        // Nothing below on this side: the walk stops at `node` (scope as in the full lookup).
        end(side, span, best, bestLength, leaf ? d : d + 1);
        continue;
      }
      const dc = nodeDepth(nodes, child);
      const limit = Math.min(dc, 16);
      const key = top16(child);
      // Addresses leaving the edge to `child` at bit m (d < m < limit) stop there, scope m + 1.
      for (let m = d + 1; m < limit; m++) {
        const off = (((key >>> (15 - m)) ^ 1) << (15 - m)) & 0xffff;
        end(off, 1 << (15 - m), best, bestLength, m + 1);
      }
      if (dc < 16) {
        const v = nodeValue(nodes, child);
        visit(child, v >= 0 ? v : best, v >= 0 ? dc : bestLength);
      } else {
        dir.set([child, best, bestLength, 0], key * 4);
      }
    }
  };
  const rootValue = nodeValue(nodes, 0);
  visit(0, rootValue, rootValue >= 0 ? 0 : -1);
  return dir;
}
