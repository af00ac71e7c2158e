import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompactTrie } from "../src/compact-trie.js";
import { sortByLeadingBits } from "../src/key-sort.js";
import { TrieBuilder } from "../src/trie-builder.js";
import { ReferenceTrie } from "./reference-trie.js";

interface Prefix {
  bytes: Uint8Array;
  length: number;
  value: number;
}

/** Prefixes of one family, clustered (shared leading bytes) so the trie branches at every depth. */
function prefixes(bytes: 4 | 16) {
  const bits = bytes * 8;
  const prefix = fc.record({
    bytes: fc.uint8Array({ minLength: bytes, maxLength: bytes }),
    length: fc.oneof(fc.integer({ min: 0, max: bits }), fc.constantFrom(8, 16, 17, 24, bits)),
    value: fc.nat(50),
  });
  const base = fc.uint8Array({ minLength: bytes, maxLength: bytes });
  return fc.tuple(base, fc.array(fc.tuple(prefix, fc.integer({ min: 0, max: bits })), { minLength: 1, maxLength: 60 })).map(([b, list]) =>
    list.map(([p, keep]): Prefix => {
      // The first `keep` bits from a common base: many prefixes share a path, then part.
      const out = Uint8Array.from(p.bytes);
      for (let i = 0; i < keep; i++) {
        const mask = 0x80 >> (i & 7);
        out[i >> 3] = (out[i >> 3]! & ~mask) | (b[i >> 3]! & mask);
      }
      return { ...p, bytes: out };
    }),
  );
}

/** Addresses near the prefixes: one of them with the bits after `from` replaced by noise. */
function addressesNear(list: Prefix[], nearby: [number, number, Uint8Array][]): Uint8Array[] {
  return nearby.map(([i, from, noise]) => {
    const a = Uint8Array.from(list[i % list.length]!.bytes);
    for (let b = from; b < a.length * 8; b++) if (noise[b >> 3]! & (0x80 >> (b & 7))) a[b >> 3]! ^= 0x80 >> (b & 7);
    return a;
  });
}

/** Inserted as given, or in address order as DecisionMapBuilder inserts them (each insert then starts from the last one's path). */
function build(list: Prefix[], keyBytes: 4 | 16, order: "given" | "sorted"): { compact: CompactTrie; reference: ReferenceTrie } {
  const builder = new TrieBuilder(keyBytes, 2); // tiny on purpose: the arrays must grow
  const reference = new ReferenceTrie();
  const keys = new Uint8Array(list.length * 16);
  list.forEach((p, i) => keys.set(p.bytes, i * 16));
  const ids = Uint32Array.from(list.keys());
  const ordered = order === "sorted" ? sortByLeadingBits(keys, 16, ids, keyBytes / 2) : ids;
  // Both in the same order: with the same prefix twice, the later one wins in both.
  for (const i of ordered) {
    const p = list[i]!;
    builder.insert(p.bytes, 0, p.length, p.value);
    reference.insert(p.bytes, p.length, p.value);
  }
  return { compact: new CompactTrie(builder.compile()), reference };
}

describe.each([4, 16] as const)("CompactTrie, %i-byte keys", (keyBytes) => {
  const bits = keyBytes * 8;
  it.each(["given", "sorted"] as const)(
    "answers exactly like a one-bit-per-node trie: value, matched length and ECS scope, at every source length (inserted in %s order)",
    (order) => {
      const near = fc.tuple(fc.nat(), fc.integer({ min: 0, max: bits }), fc.uint8Array({ minLength: keyBytes, maxLength: keyBytes }));
      fc.assert(
        fc.property(
          prefixes(keyBytes),
          fc.array(near, { minLength: 1, maxLength: 20 }),
          fc.array(fc.integer({ min: 0, max: bits }), { minLength: 1, maxLength: 6 }),
          (list, nearby, lengths) => {
            const { compact, reference } = build(list, keyBytes, order);
            for (const a of addressesNear(list, nearby)) {
              for (const maxBits of [...lengths, bits, 16, 15, 17]) {
                const expected = reference.lookup(a, maxBits);
                expect([compact.lookup(a, 0, maxBits), compact.matchedLength, compact.scopeLength]).toEqual([
                  expected,
                  reference.matchedLength,
                  reference.scopeLength,
                ]);
              }
            }
          },
        ),
        { numRuns: 400 },
      );
    },
  );

  it("reads the address at an offset and never past its maxBits", () => {
    const builder = new TrieBuilder(keyBytes);
    const key = new Uint8Array(keyBytes).fill(0xaa);
    builder.insert(key, 0, 20, 7);
    builder.insert(key, 0, bits, 9);
    const trie = new CompactTrie(builder.compile());
    // A packet-like buffer: 3 bytes of something else, then the first 3 bytes of an ECS /20.
    const packet = Uint8Array.from([1, 2, 3, 0xaa, 0xaa, 0xa0]);
    expect(trie.lookup(packet, 3, 20)).toBe(7);
    expect(trie.matchedLength).toBe(20);
    expect(trie.scopeLength).toBe(20);
  });

  it("keeps one node per prefix end or parting point: a full-length prefix is one or two nodes, not one per bit", () => {
    const builder = new TrieBuilder(keyBytes);
    for (let i = 0; i < 100; i++) {
      const key = new Uint8Array(keyBytes);
      key[0] = i;
      key[keyBytes - 1] = 1;
      builder.insert(key, 0, bits, i % 3);
    }
    const trie = new CompactTrie(builder.compile());
    expect(trie.nodeCount).toBeLessThanOrEqual(2 * 100 + 1);
  });
});
