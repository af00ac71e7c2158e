import { parseZone, ZoneSet } from "@dnsteer/zone";

/** A small zone written as zone text: the data every server test answers from. */
export const TEST_ZONE = `
$ORIGIN example.test.
$TTL 300
@       SOA   ns1 hostmaster 2026112401 3600 600 86400 60
@       NS    ns1
@       NS    ns2
ns1     A     192.0.2.53
ns2     A     192.0.2.54
www     A     192.0.2.10
www     AAAA  2001:db8::10
www     TXT   "hello"
www     MX    10 mail
mail    A     192.0.2.25
big     TXT   "${"a".repeat(250)}" "${"b".repeat(250)}"
big     TXT   "${"c".repeat(250)}" "${"d".repeat(250)}"
big     TXT   "${"e".repeat(250)}"
`;

export function testZones(text = TEST_ZONE): ZoneSet {
  return new ZoneSet([parseZone(text, { origin: "example.test." })]);
}
