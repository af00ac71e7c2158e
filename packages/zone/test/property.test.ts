import { nameFromLabelBytes, type RData, RRType, rdataToText, rdataToWire } from "@dnsteer/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseZone } from "../src/index.js";

const HEAD = "$ORIGIN example.test.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n";

// Owner labels of arbitrary bytes (dots, quotes, semicolons, parentheses, spaces...) below the apex.
const owner = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })
  .filter((l) => !(l.length === 1 && l[0] === 0x2a)) // a bare "*" would make it a wildcard
  .map((l) => nameFromLabelBytes([l, [...Buffer.from("example")], [...Buffer.from("test")]]));
const record = fc.oneof(
  fc.record({ type: fc.constant(RRType.A), data: fc.ipV4().map((address): RData => ({ address })) }),
  fc.record({
    type: fc.constant(RRType.TXT),
    data: fc
      .array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 3 })
      .map((strings): RData => ({ strings: strings.flatMap((s) => (s.length > 255 ? [s.subarray(0, 255), s.subarray(255)] : [s])) })),
  }),
  fc.record({ type: fc.constant(RRType.MX), data: fc.record({ preference: fc.integer({ min: 0, max: 65535 }), exchange: owner }) }),
);
// Ways of writing the same record: TTL/class order, parentheses across lines, a trailing comment.
const layout = fc.constantFrom(
  (o: string, t: string, r: string) => `${o} 120 IN ${t} ${r}`,
  (o: string, t: string, r: string) => `${o} IN 120 ${t} ${r} ; comment`,
  (o: string, t: string, r: string) => `${o} 120 ${t} (\n    ${r} ; inside\n  )`,
);

describe("property: records written as zone text parse back unchanged", () => {
  it("holds for A, TXT and MX with hostile owner names and strings", () => {
    fc.assert(
      fc.property(owner, record, layout, (name, { type, data }, write) => {
        const typeName = ({ 1: "A", 16: "TXT", 15: "MX" } as Record<number, string>)[type]!;
        const z = parseZone(HEAD + write(name, typeName, rdataToText(type, data)) + "\n", { origin: "example.test." });
        const set = z.nodes.get(name)?.rrsets.get(type);
        expect(set?.ttl).toBe(120);
        expect(set?.rdata.map((d) => Buffer.from(rdataToWire(type, d)))).toEqual([Buffer.from(rdataToWire(type, data))]);
      }),
      { numRuns: 300 },
    );
  });
});
