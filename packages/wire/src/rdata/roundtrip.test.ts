import { describe, expect, it } from "vitest";
import { RRType, typeFromString } from "../constants.js";
import { MessageReader } from "../reader.js";
import { MessageWriter } from "../writer.js";
import { codecFor, rdataEquals, rdataToWire } from "./registry.js";
import { tok } from "./tokens.test-helper.js";

const ORIGIN = "example.test.";

// [type, zone-file rdata, canonical presentation that must come back, expected wire hex]
const cases: Array<[string, string, string, string?]> = [
  ["A", "192.0.2.1", "192.0.2.1", "c0000201"],
  ["AAAA", "2001:DB8:0:0:0:0:0:1", "2001:db8::1", "20010db8000000000000000000000001"],
  ["AAAA", "::ffff:192.0.2.1", "::ffff:c000:201"],
  ["AAAA", "1:0:0:2:0:0:0:3", "1:0:0:2::3"],
  ["NS", "ns1", "ns1.example.test.", "036e7331076578616d706c65047465737400"],
  ["CNAME", "@", "example.test."],
  ["DNAME", "Target.Other.", "target.other."],
  ["PTR", "host.example.test.", "host.example.test."],
  ["SOA", "ns1 hostmaster 2024010101 1h 15m 1w 300", "ns1.example.test. hostmaster.example.test. 2024010101 3600 900 604800 300"],
  ["MX", "10 mail", "10 mail.example.test.", "000a046d61696c076578616d706c65047465737400"],
  ["TXT", '"hello world" plain', '"hello world" "plain"'],
  ["TXT", '"say \\"hi\\"" "\\065\\\\x"', '"say \\"hi\\"" "A\\\\x"'],
  ["TXT", '""', '""', "00"],
  ["TXT", '"caf\\195\\169"', '"caf\\195\\169"', "05636166c3a9"],
  ["SRV", "0 5 5060 sip", "0 5 5060 sip.example.test."],
  ["CAA", '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'],
  ["CAA", "128 iodef mailto:a@b.test", '128 iodef "mailto:a@b.test"'],
  ["NAPTR", '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.test!" .', '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.test!" .'],
  ["HINFO", '"RFC8482" ""', '"RFC8482" ""'],
  ["HTTPS", "0 svc.example.test.", "0 svc.example.test."],
  ["HTTPS", '1 . alpn="h2,h3" port=8443 ipv4hint=192.0.2.1,192.0.2.2', '1 . alpn="h2,h3" port=8443 ipv4hint=192.0.2.1,192.0.2.2'],
  [
    "SVCB",
    "1 svc mandatory=port,alpn alpn=h2 port=853 ipv6hint=2001:db8::1 no-default-alpn",
    '1 svc.example.test. mandatory=alpn,port alpn="h2" no-default-alpn port=853 ipv6hint=2001:db8::1',
  ],
  ["SVCB", '2 . key65000="a b" key65001 ech=AEX+', '2 . ech=AEX+ key65000="a b" key65001'],
  ["SVCB", '1 . alpn="f\\\\\\\\oo\\\\,bar,h2"', '1 . alpn="f\\\\\\\\oo\\\\,bar,h2"'],
  ["TYPE65534", "\\# 4 0A0B0C0D", "\\# 4 0A0B0C0D", "0a0b0c0d"],
  ["TYPE65534", "\\# 0", "\\# 0", ""],
];

function decodeAt(type: number, wire: Uint8Array, offset: number) {
  // Embed the rdata in a larger buffer so decoding has to honour offset and length.
  const buf = new Uint8Array(offset + wire.length + 7).fill(0xee);
  buf.set(wire, offset);
  const r = new MessageReader(buf, offset);
  const data = codecFor(type).decode(r, wire.length);
  expect(r.pos).toBe(offset + wire.length);
  return data;
}

describe("rdata round trip text -> data -> wire -> data -> text", () => {
  it.each(cases)("%s %s", (typeName, text, canonical, hex) => {
    const type = typeFromString(typeName)!;
    const codec = codecFor(type);
    const data = codec.fromText(tok(text), ORIGIN);
    expect(codec.toText(data)).toBe(canonical);
    const wire = rdataToWire(type, data);
    if (hex !== undefined) expect(Buffer.from(wire).toString("hex")).toBe(hex);
    for (const offset of [0, 13]) {
      const back = decodeAt(type, wire, offset);
      expect(rdataEquals(type, back, data)).toBe(true);
      expect(codec.toText(back)).toBe(canonical);
    }
    // The canonical text parses back to the same data.
    expect(rdataEquals(type, codec.fromText(tok(canonical), ORIGIN), data)).toBe(true);
  });

  it("accepts RFC 3597 syntax for known types and decodes it with the type's codec", () => {
    const data = codecFor(RRType.A).fromText(tok("\\# 4 C0000201"), ORIGIN);
    expect(data).toEqual({ address: "192.0.2.1" });
    const mx = codecFor(RRType.MX).fromText(tok("\\# 5 000A 016100"), ORIGIN);
    expect(mx).toEqual({ preference: 10, exchange: "a." });
  });

  it("splits a TXT string longer than 255 octets into 255-octet pieces", () => {
    const long = "x".repeat(600);
    const data = codecFor(RRType.TXT).fromText(tok(`"${long}"`), ORIGIN) as { strings: Uint8Array[] };
    expect(data.strings.map((s) => s.length)).toEqual([255, 255, 90]);
    expect(rdataToWire(RRType.TXT, data).length).toBe(603);
  });
});

describe("name compression on encode", () => {
  const encodeAfterOwner = (type: number, text: string) => {
    const w = new MessageWriter();
    w.name("example.test.");
    const start = w.pos;
    codecFor(type).encode(codecFor(type).fromText(tok(text), ORIGIN), w);
    return w.view().subarray(start);
  };
  it.each([
    ["NS", "ns1", true],
    ["CNAME", "www", true],
    ["PTR", "www", true],
    ["MX", "10 mail", true],
    ["SOA", "ns1 hostmaster 1 2 3 4 5", true],
    ["DNAME", "www", false],
    ["SRV", "0 0 1 www", false],
    ["NAPTR", '1 1 "" "" "" www', false],
    ["SVCB", "1 www", false],
  ])("%s compresses: %s", (typeName, text, compressed) => {
    const wire = encodeAfterOwner(typeFromString(typeName)!, text);
    const hasPointer = wire.some((b, i) => (b & 0xc0) === 0xc0 && wire[i + 1] === 0);
    expect(hasPointer).toBe(compressed);
  });
});
