import { describe, expect, it } from "vitest";
import { parseZone, type Zone, ZoneAssembler, ZoneError, zoneHeader, zoneParts } from "../src/index.js";

const TEXT = `
$ORIGIN example.test.
$TTL 300
@       SOA   ns1 hostmaster 1 3600 600 86400 60
@       NS    ns1
ns1     A     192.0.2.53
www     A     192.0.2.10
www     AAAA  2001:db8::10
www     TXT   "hello" "\\200raw"
a.b.c   MX    10 mail
sub     NS    ns.sub
ns.sub  A     192.0.2.99
`;

/** Every node as [name, [type, ttl, rdata][]], for comparing two zones by content. */
function content(zone: Zone) {
  return [...zone.nodes].map(([name, node]) => [name, [...node.rrsets.values()].map((s) => [s.type, s.ttl, s.rdata])]);
}

describe("zone transfer in parts (thread to thread)", () => {
  it("a zone sent as header and parts through structured clone comes back the same", () => {
    const zone = parseZone(TEXT, { origin: "example.test.", file: "example.zone" });
    const assembler = new ZoneAssembler(structuredClone(zoneHeader(zone)));
    const parts = [...zoneParts(zone, 3)];
    expect(parts.length).toBe(Math.ceil(zone.nodes.size / 3));
    for (const part of parts) assembler.add(structuredClone(part));
    const back = assembler.finish();
    expect(content(back)).toEqual(content(zone));
    expect([back.origin, back.class, back.source, [...back.cuts]]).toEqual([zone.origin, zone.class, zone.source, [...zone.cuts]]);
    expect(back.soa).toBe(back.nodes.get("example.test.")!.rrsets.get(6)); // the apex's own RRset, as parsed
    expect(back.nodes.get("b.c.example.test.")!.rrsets.size).toBe(0); // empty non-terminal
    expect(back.nodes.get("www.example.test.")!.rrsets.get(28)).toEqual(zone.nodes.get("www.example.test.")!.rrsets.get(28));
  });

  it("a missing part is an error, not a smaller zone", () => {
    const zone = parseZone(TEXT, { origin: "example.test." });
    const assembler = new ZoneAssembler(zoneHeader(zone));
    const [first] = zoneParts(zone, 2);
    assembler.add(first!);
    expect(() => assembler.finish()).toThrow(ZoneError);
  });
});
