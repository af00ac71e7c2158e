import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RRType } from "../constants.js";
import { nameFromLabelBytes } from "../name.js";
import { MessageReader } from "../reader.js";
import { codecFor, rdataEquals, rdataToWire } from "./registry.js";
import { tok } from "./tokens.test-helper.js";
import type { RData } from "./types.js";

// Labels of arbitrary bytes, so escaping of dots, quotes, spaces and non-ASCII gets exercised.
const name = fc
  .array(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 20 }), { maxLength: 4 })
  .map(nameFromLabelBytes);
const u16 = fc.integer({ min: 0, max: 0xffff });
const bytes = (max: number) => fc.uint8Array({ maxLength: max });

const generators: Array<[string, number, fc.Arbitrary<RData>]> = [
  ["A", RRType.A, fc.ipV4().map((address) => ({ address }))],
  ["MX", RRType.MX, fc.record({ preference: u16, exchange: name })],
  ["SRV", RRType.SRV, fc.record({ priority: u16, weight: u16, port: u16, target: name })],
  ["TXT", RRType.TXT, fc.record({ strings: fc.array(bytes(255), { minLength: 1, maxLength: 4 }) })],
  [
    "NAPTR",
    RRType.NAPTR,
    fc
      .record({
        order: u16,
        preference: u16,
        flags: fc.constantFrom("", "U", "S", "A").map((s) => Buffer.from(s)),
        services: bytes(40),
        regexp: bytes(40),
        replacement: name,
      })
      .map((d) => ({ ...d, flags: Uint8Array.from(d.flags) })),
  ],
  [
    "SVCB",
    RRType.SVCB,
    fc.record({
      priority: fc.integer({ min: 1, max: 0xffff }),
      target: name,
      params: fc
        .uniqueArray(fc.tuple(fc.integer({ min: 7, max: 65534 }), bytes(30)), { selector: (p) => p[0], maxLength: 4 })
        .map((ps) => ps.sort((a, b) => a[0] - b[0])),
    }),
  ],
];

describe("property: every representable rdata survives wire and text round trips", () => {
  it.each(generators)("%s", (_label, type, arb) => {
    const codec = codecFor(type);
    fc.assert(
      fc.property(arb, (data) => {
        const wire = rdataToWire(type, data);
        const back = codec.decode(new MessageReader(wire), wire.length);
        expect(rdataEquals(type, back, data)).toBe(true);
        const reparsed = codec.fromText(tok(codec.toText(data)), ".");
        expect(rdataEquals(type, reparsed, data)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
