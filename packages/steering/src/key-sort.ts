/**
 * Orders prefixes by their leading bits (an LSD radix sort on 16-bit digits), so the trie is
 * built in address order: each insert walks the path the previous one just walked, in cache,
 * instead of a random path through a 2M-node trie (1M inserts: 1.4 s in arrival order).
 */
export function sortByLeadingBits(keys: Uint8Array, keyStride: number, ids: Uint32Array, digits: number): Uint32Array {
  let from: Uint32Array = ids;
  let to: Uint32Array = new Uint32Array(ids.length);
  const count = new Uint32Array(65537);
  for (let digit = digits - 1; digit >= 0; digit--) {
    count.fill(0);
    const at = digit * 2;
    for (let i = 0; i < from.length; i++) {
      const k = from[i]! * keyStride + at;
      count[((keys[k]! << 8) | keys[k + 1]!) + 1]!++;
    }
    for (let d = 1; d <= 65536; d++) count[d]! += count[d - 1]!;
    for (let i = 0; i < from.length; i++) {
      const id = from[i]!;
      const k = id * keyStride + at;
      to[count[(keys[k]! << 8) | keys[k + 1]!]!++] = id;
    }
    [from, to] = [to, from];
  }
  return from;
}
