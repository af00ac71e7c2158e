/**
 * The plainest longest-prefix match there is, as the reference the compact trie is tested
 * against: a binary trie with one node per bit, walked bit by bit. A walk stops where the trie
 * has no node for the next bit; every address sharing the bits walked ends there, and at an
 * inner node the next bit matters too — that is the ECS scope (RFC 7871 7.2.1) the compact
 * trie must give exactly.
 */
export class ReferenceTrie {
  private readonly left: number[] = [-1];
  private readonly right: number[] = [-1];
  private readonly value: number[] = [-1];
  matchedLength = -1;
  scopeLength = 0;

  insert(bytes: Uint8Array, length: number, value: number): void {
    let node = 0;
    for (let bit = 0; bit < length; bit++) {
      const side = bytes[bit >> 3]! & (0x80 >> (bit & 7)) ? this.right : this.left;
      if (side[node]! < 0) {
        side[node] = this.value.length;
        this.left.push(-1);
        this.right.push(-1);
        this.value.push(-1);
      }
      node = side[node]!;
    }
    this.value[node] = value;
  }

  lookup(bytes: Uint8Array, maxBits: number): number {
    let node = 0;
    let best = this.value[0]!;
    this.matchedLength = best >= 0 ? 0 : -1;
    let bit = 0;
    for (; bit < maxBits; bit++) {
      const next = (bytes[bit >> 3]! & (0x80 >> (bit & 7)) ? this.right : this.left)[node]!;
      if (next < 0) break;
      node = next;
      if (this.value[node]! >= 0) {
        best = this.value[node]!;
        this.matchedLength = bit + 1;
      }
    }
    const leaf = this.left[node]! < 0 && this.right[node]! < 0;
    this.scopeLength = Math.min(maxBits, leaf ? bit : bit + 1);
    return best;
  }
}
