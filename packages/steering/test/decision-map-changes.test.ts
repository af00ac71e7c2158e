import type { DecisionRoute } from "@dnsteer/model";
import { formatIPv4, formatIPv6 } from "@dnsteer/net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecisionMap } from "../src/decision-map.js";

// A map made with `withChanges` (providers of existing prefixes changed: values patched in
// copies) must answer every lookup — provider, matched length, ECS scope — as a map built from
// the changed routes, and the map it came from must answer as before.

const PROVIDERS = ["p0", "p1", "p2", "p3"];

/** A prefix as the store holds it: the bits past its length zero. */
function prefixText(bytes: Uint8Array, length: number): string {
  const masked = Uint8Array.from(bytes);
  for (let b = length; b < masked.length * 8; b++) masked[b >> 3]! &= ~(0x80 >> (b & 7));
  return masked.length === 4 ? formatIPv4(masked, 0) : formatIPv6(masked, 0);
}

const familyRoutes = (bytes: 4 | 16) =>
  fc.array(
    fc.record({
      // A few shared leading bytes, so prefixes nest and share paths (and many sit above bit 16).
      bytes: fc.tuple(
        fc.constantFrom(10, 192, 32),
        fc.constantFrom(0, 1, 13),
        fc.uint8Array({ minLength: bytes - 2, maxLength: bytes - 2 }),
      ),
      length: fc.oneof(fc.integer({ min: 0, max: bytes * 8 }), fc.constantFrom(0, 8, 12, 15, 16, 17, 24, bytes * 8)),
      provider: fc.constantFrom(...PROVIDERS),
    }),
    { maxLength: 40 },
  );

const routesArb = fc.tuple(familyRoutes(4), familyRoutes(16)).map(([v4, v6]) => {
  const byKey = new Map<string, DecisionRoute>();
  for (const r of [...v4, ...v6]) {
    const bytes = Uint8Array.of(r.bytes[0], r.bytes[1], ...r.bytes[2]);
    const prefix = prefixText(bytes, r.length);
    byKey.set(`${prefix}/${r.length}`, { prefix, prefixLength: r.length, provider: r.provider });
  }
  return [...byKey.values()];
});

const addressArb = fc.tuple(fc.constantFrom(10, 192, 32), fc.constantFrom(0, 1, 13), fc.uint8Array({ minLength: 14, maxLength: 14 }));

function answers(map: DecisionMap, addresses: Uint8Array[]): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (const a of addresses) {
    for (const [family, bits] of [
      [4, 32],
      [4, 20],
      [4, 9],
      [6, 128],
      [6, 56],
      [6, 14],
    ] as const) {
      const p = map.lookupBytes(family, a, 0, bits);
      out.push([p, map.matchedLength, map.scopeLength]);
    }
  }
  return out;
}

describe("DecisionMap.withChanges", () => {
  it("answers as a map built from the changed routes; the old map answers as before", () => {
    fc.assert(
      fc.property(
        routesArb,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PROVIDERS))),
        fc.array(addressArb, { minLength: 20, maxLength: 40 }),
        (routes, flips, raw) => {
          const addresses = raw.map(([a, b, rest]) => Uint8Array.of(a, b, ...rest));
          const before = DecisionMap.from(PROVIDERS, routes);
          const was = answers(before, addresses);
          const changed = routes.map((r) => ({ ...r }));
          const changes = flips
            .filter(() => routes.length > 0)
            .map(([i, provider]) => {
              const r = changed[i % changed.length]!;
              r.provider = provider;
              return { prefix: r.prefix, prefixLength: r.prefixLength, provider };
            });
          const patched = before.withChanges(changes);
          expect(patched, "provider changes of existing prefixes patch").toBeDefined();
          expect(answers(patched!, addresses)).toEqual(answers(DecisionMap.from(PROVIDERS, changed), addresses));
          expect(answers(before, addresses)).toEqual(was);
          expect(patched!.size).toBe(before.size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is undefined (rebuild) for a new prefix, a deleted one, an unknown provider, a bad prefix", () => {
    const map = DecisionMap.from(PROVIDERS, [
      { prefix: "10.0.0.0", prefixLength: 8, provider: "p0" },
      { prefix: "10.1.0.0", prefixLength: 16, provider: "p1" },
      { prefix: "2001:db8::", prefixLength: 32, provider: "p2" },
    ]);
    expect(map.withChanges([{ prefix: "10.2.0.0", prefixLength: 16, provider: "p1" }])).toBeUndefined();
    expect(map.withChanges([{ prefix: "10.0.0.0", prefixLength: 9, provider: "p1" }])).toBeUndefined();
    expect(map.withChanges([{ prefix: "10.0.0.0", prefixLength: 8, provider: null }])).toBeUndefined();
    expect(map.withChanges([{ prefix: "10.0.0.0", prefixLength: 8, provider: "elsewhere" }])).toBeUndefined();
    expect(map.withChanges([{ prefix: "10.0.0", prefixLength: 8, provider: "p1" }])).toBeUndefined();
    const moved = map.withChanges([
      { prefix: "10.0.0.0", prefixLength: 8, provider: "p3" },
      { prefix: "2001:db8::", prefixLength: 32, provider: "p0" },
    ])!;
    expect([moved.lookupText("10.9.9.9", 4), moved.lookupText("10.1.2.3", 4), moved.lookupText("2001:db8::1", 6)]).toEqual([3, 1, 0]);
    expect([map.lookupText("10.9.9.9", 4), map.lookupText("2001:db8::1", 6)]).toEqual([0, 2]);
  });
});
