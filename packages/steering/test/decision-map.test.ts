import type { DecisionRoute } from "@dnsteer/model";
import { describe, expect, it } from "vitest";
import { DecisionMap } from "../src/decision-map.js";

const providers = ["p1", "p2", "p3"];
const d = (prefix: string, prefixLength: number, provider: string): DecisionRoute => ({ prefix, prefixLength, provider });

describe("DecisionMap (longest-prefix match)", () => {
  const map = new DecisionMap(providers, [
    d("192.0.2.0", 24, "p1"),
    d("192.0.2.128", 25, "p2"),
    d("192.0.2.200", 32, "p3"),
    d("2001:db8::", 32, "p2"),
    d("2001:db8:1::", 48, "p3"),
    d("198.51.100.0", 24, "unknown"),
  ]);

  it.each([
    ["192.0.2.1", 4, "p1"],
    ["192.0.2.129", 4, "p2"],
    ["192.0.2.200", 4, "p3"],
    ["203.0.113.1", 4, null],
    ["198.51.100.1", 4, null],
    ["2001:db8:5::1", 6, "p2"],
    ["2001:db8:1::53", 6, "p3"],
    ["2001:db9::1", 6, null],
  ] as const)("%s -> %s", (address, family, expected) => {
    const i = map.lookupText(address, family);
    expect(i < 0 ? null : providers[i]).toBe(expected);
  });

  it("skips decisions for unknown providers", () => {
    expect(map.size).toBe(5);
  });

  it("reports the length of the decision that matched (-1 for none)", () => {
    map.lookupText("192.0.2.129", 4);
    expect(map.matchedLength).toBe(25);
    map.lookupText("198.51.100.1", 4); // a decision for an unknown provider is no match
    expect(map.matchedLength).toBe(-1);
    map.lookupBytes(6, Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 0, 56);
    expect(map.matchedLength).toBe(48);
  });

  it("reports the scope an answer is valid for", () => {
    map.lookupBytes(4, Uint8Array.from([203, 0, 113, 0]), 0, 24);
    expect(map.scopeLength).toBe(5); // 203 = 11001..., 192 = 11000...: the fifth bit decides
    map.lookupBytes(4, Uint8Array.from([192, 0, 2, 0]), 0, 24);
    expect(map.scopeLength).toBe(24); // the /25 below makes bit 25 matter, capped at the source's 24
    map.lookupBytes(4, Uint8Array.from([192, 0, 2, 200]), 0, 32);
    expect(map.scopeLength).toBe(32);
    map.lookupBytes(4, Uint8Array.from([192, 0, 2, 0]), 0, 32);
    expect(map.scopeLength).toBe(25);
  });
});

describe("DecisionMap transfer", () => {
  it("answers the same after a round trip through structured clone", () => {
    const map = new DecisionMap(providers, [d("192.0.2.0", 24, "p1"), d("192.0.2.128", 25, "p2"), d("2001:db8::", 32, "p3")]);
    const copy = DecisionMap.fromTransfer(structuredClone(map.toTransfer()));
    for (const [address, family] of [
      ["192.0.2.1", 4],
      ["192.0.2.200", 4],
      ["2001:db8::1", 6],
      ["10.0.0.1", 4],
    ] as const) {
      expect(copy.lookupText(address, family)).toBe(map.lookupText(address, family));
    }
    expect(copy.size).toBe(3);
  });
});

describe("PrefixTrie DIR-16 table", () => {
  it("answers exactly like the plain walk, scope included", async () => {
    const fc = (await import("fast-check")).default;
    const { PrefixTrie } = await import("../src/prefix-trie.js");
    const prefix = fc.record({
      bytes: fc.uint8Array({ minLength: 4, maxLength: 4 }),
      length: fc.integer({ min: 0, max: 32 }),
      value: fc.nat(50),
    });
    // Addresses near the prefixes (a prefix with some low bits flipped), so walks go deep.
    const near = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 31 }), fc.uint8Array({ minLength: 4, maxLength: 4 }));
    fc.assert(
      fc.property(
        fc.array(prefix, { minLength: 1, maxLength: 40 }),
        fc.array(near, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 16, max: 32 }),
        (prefixes, nearby, bits) => {
          const addresses = nearby.map(([i, from, noise]) => {
            const a = Uint8Array.from(prefixes[i % prefixes.length]!.bytes);
            for (let b = from; b < 32; b++) if (noise[b >> 3]! & (0x80 >> (b & 7))) a[b >> 3]! ^= 0x80 >> (b & 7);
            return a;
          });
          const plain = new PrefixTrie();
          const frozen = new PrefixTrie();
          for (const p of prefixes) {
            plain.insert(4, p.bytes, p.length, p.value);
            frozen.insert(4, p.bytes, p.length, p.value);
          }
          frozen.freeze();
          for (const a of addresses) {
            expect(frozen.lookup(4, a, 0, bits)).toBe(plain.lookup(4, a, 0, bits));
            expect([frozen.matchedLength, frozen.scopeLength]).toEqual([plain.matchedLength, plain.scopeLength]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
