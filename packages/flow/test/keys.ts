import fc from "fast-check";
import type { Key } from "./reference.js";

const word = fc.integer({ min: 0, max: 0xffffffff });

function masked(words: number[], prefixLength: number): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    const kept = prefixLength - 32 * k;
    const w = words[k] ?? 0;
    out[k] = kept >= 32 ? w >>> 0 : kept <= 0 ? 0 : (w & (-1 << (32 - kept))) >>> 0;
  }
  return out;
}

/** IPv4 and IPv6 keys at resolver and ECS-like prefix lengths, canonical (masked). */
export const keyArb: fc.Arbitrary<Key> = fc.oneof(
  fc.record({ w: word, p: fc.constantFrom(32, 24, 20) }).map(({ w, p }): Key => ({ family: 4, words: masked([w], p), prefixLength: p })),
  fc
    .record({ w: fc.array(word, { minLength: 4, maxLength: 4 }), p: fc.constantFrom(128, 56, 48) })
    .map(({ w, p }): Key => ({ family: 6, words: masked(w, p), prefixLength: p })),
);

/** Sequential IPv4 /32 keys, for bulk tests. */
export function ipv4Keys(n: number, base = 0x0a000000): Key[] {
  return Array.from({ length: n }, (_, i): Key => ({ family: 4, words: [(base + i) >>> 0, 0, 0, 0], prefixLength: 32 }));
}
