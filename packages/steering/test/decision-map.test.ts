import type { DecisionRoute } from "@dnsteer/model";
import { formatAddress } from "@dnsteer/net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecisionMap, DecisionMapBuilder, readDecisionMap } from "../src/decision-map.js";

const providers = ["p1", "p2", "p3"];
const d = (prefix: string, prefixLength: number, provider: string): DecisionRoute => ({ prefix, prefixLength, provider });

describe("DecisionMap (longest-prefix match)", () => {
  const map = DecisionMap.from(providers, [
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
    const map = DecisionMap.from(providers, [d("192.0.2.0", 24, "p1"), d("192.0.2.128", 25, "p2"), d("2001:db8::", 32, "p3")]);
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

describe("DecisionMapBuilder.addLines (the store's pages of routes)", () => {
  it("reads prefix, length and provider per line and skips lines that do not read", () => {
    const builder = new DecisionMapBuilder(providers);
    const added = builder.addLines(
      [
        "192.0.2.0 24 p1",
        "2001:db8:1:: 48 p3",
        "198.51.100.0 24 nobody",
        "not-an-address 24 p1",
        "192.0.2.9 33 p2",
        "192.0.2.9 x p2",
        "192.0.2.9  p2",
        "203.0.113.5 32 p2",
      ].join("\n"),
    );
    expect(added).toBe(3);
    const map = builder.build();
    expect(map.size).toBe(3);
    expect(map.lookupText("192.0.2.77", 4)).toBe(0);
    expect(map.lookupText("2001:db8:1::5", 6)).toBe(2);
    expect(map.lookupText("203.0.113.5", 4)).toBe(1);
    expect(map.lookupText("198.51.100.1", 4)).toBe(-1);
  });

  it("builds from pages the same map as from route objects", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat(128), fc.constantFrom(...providers)), {
          maxLength: 80,
        }),
        fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 20 }),
        (rows, queries) => {
          const routes = rows.map(([v6, bytes, length, provider]) =>
            v6 ? d(formatAddress(bytes), length, provider) : d(formatAddress(bytes.slice(0, 4)), length % 33, provider),
          );
          const reader = {
            listDecisionRoutes: () => routes,
            decisionRoutePages: (visit: (lines: string) => void) => {
              // pages of 7 lines, as the store hands them over
              for (let i = 0; i < routes.length; i += 7)
                visit(
                  routes
                    .slice(i, i + 7)
                    .map((r) => `${r.prefix} ${r.prefixLength} ${r.provider}`)
                    .join("\n"),
                );
            },
            countDecisionRoutes: () => routes.length,
          };
          const paged = readDecisionMap(reader, providers);
          const plain = DecisionMap.from(providers, routes);
          expect(paged.size).toBe(plain.size);
          for (const q of queries) {
            for (const [family, bits] of [
              [4, 32],
              [4, 20],
              [6, 128],
              [6, 56],
            ] as const) {
              expect(paged.lookupBytes(family, q, 0, bits)).toBe(plain.lookupBytes(family, q, 0, bits));
              expect([paged.matchedLength, paged.scopeLength]).toEqual([plain.matchedLength, plain.scopeLength]);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
