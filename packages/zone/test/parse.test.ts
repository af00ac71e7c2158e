import { type Name, RRType, rdataToText } from "@dnsteer/wire";
import { describe, expect, it } from "vitest";
import { parseZone, type Zone } from "../src/index.js";

const HEAD = `$ORIGIN example.test.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 900 1209600 300
@ NS ns1
ns1 A 192.0.2.53
`;

function zone(body: string, head = HEAD): Zone {
  return parseZone(head + body, { origin: "example.test.", file: "t.zone" });
}

function texts(z: Zone, name: Name, type: number): string[] {
  const set = z.nodes.get(name)?.rrsets.get(type);
  return set ? set.rdata.map((d) => rdataToText(type, d)) : [];
}

function ttl(z: Zone, name: Name, type: number): number | undefined {
  return z.nodes.get(name)?.rrsets.get(type)?.ttl;
}

describe("parseZone: master-file syntax", () => {
  it("reads the apex, SOA and NS and records a canonical origin", () => {
    const z = parseZone(HEAD, { origin: "Example.TEST" });
    expect(z.origin).toBe("example.test.");
    expect(z.class).toBe(1);
    expect(rdataToText(RRType.SOA, z.soa.rdata[0]!)).toBe("ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 300");
    expect(texts(z, "example.test.", RRType.NS)).toEqual(["ns1.example.test."]);
  });

  it.each([
    ["relative owner", "www A 192.0.2.1", "www.example.test.", RRType.A, ["192.0.2.1"]],
    ["absolute owner, mixed case", "WWW.Example.Test. A 192.0.2.1", "www.example.test.", RRType.A, ["192.0.2.1"]],
    ["blank owner inherits", "www A 192.0.2.1\n  AAAA 2001:db8::1", "www.example.test.", RRType.AAAA, ["2001:db8::1"]],
    ["class before TTL", "www IN 60 A 192.0.2.1", "www.example.test.", RRType.A, ["192.0.2.1"]],
    ["TTL before class", "www 60 IN A 192.0.2.1", "www.example.test.", RRType.A, ["192.0.2.1"]],
    [
      "parentheses across lines with comments",
      "www MX ( 10 ; pref\n  mail ) ; done",
      "www.example.test.",
      RRType.MX,
      ["10 mail.example.test."],
    ],
    ["quoted string with ; and escapes", 'www TXT "a;b" "q\\"x" \\065B', "www.example.test.", RRType.TXT, ['"a;b" "q\\"x" "AB"']],
    ["\\DDD escape in owner", "a\\046b A 192.0.2.1", "a\\.b.example.test.", RRType.A, ["192.0.2.1"]],
    ["$ORIGIN change", "$ORIGIN sub.example.test.\nwww A 192.0.2.1", "www.sub.example.test.", RRType.A, ["192.0.2.1"]],
    ["relative $ORIGIN", "$ORIGIN sub\nwww A 192.0.2.1", "www.sub.example.test.", RRType.A, ["192.0.2.1"]],
    ["TYPEnnn with RFC 3597 data", "x TYPE65534 \\# 2 abcd", "x.example.test.", 65534, ["\\# 2 ABCD"]],
    ["TYPEnnn of a known type", "x TYPE1 \\# 4 c0000201", "x.example.test.", RRType.A, ["192.0.2.1"]],
    ["wildcard owner", "*.w A 192.0.2.9", "*.w.example.test.", RRType.A, ["192.0.2.9"]],
    ["duplicates are merged", "www A 192.0.2.1\nwww A 192.0.2.1", "www.example.test.", RRType.A, ["192.0.2.1"]],
    [
      "RFC 3597 and presentation forms of one record merge",
      "www A 192.0.2.1\nwww A \\# 4 C0000201",
      "www.example.test.",
      RRType.A,
      ["192.0.2.1"],
    ],
    ["HTTPS with quoted param", 'www HTTPS 1 . alpn="h2,h3"', "www.example.test.", RRType.HTTPS, ['1 . alpn="h2,h3"']],
    ["CRLF line ends", "www A 192.0.2.1\r\nwww A 192.0.2.2\r\n", "www.example.test.", RRType.A, ["192.0.2.1", "192.0.2.2"]],
  ])("%s", (_label, body, name, type, want) => {
    expect(texts(zone(body), name, type)).toEqual(want);
  });

  it.each([
    ["explicit", "www 1h30m A 192.0.2.1", 5400],
    ["units are case-insensitive", "www 1W A 192.0.2.1", 604800],
    ["$TTL applies", "$TTL 2d\nwww A 192.0.2.1", 172800],
    ["first TTL of an RRset wins", "www 60 A 192.0.2.1\nwww 120 A 192.0.2.2", 60],
  ])("TTL: %s", (_label, body, want) => {
    expect(ttl(zone(body), "www.example.test.", RRType.A)).toBe(want);
  });

  it("without $TTL uses the SOA minimum for the SOA and the last TTL after it (BIND)", () => {
    const z = parseZone("@ SOA ns1 h 1 2 3 4 300\n@ NS ns1\nns1 A 192.0.2.1\nwww 60 A 192.0.2.2\nmail A 192.0.2.3", {
      origin: "example.test.",
    });
    expect(z.soa.ttl).toBe(300);
    expect(ttl(z, "ns1.example.test.", RRType.A)).toBe(300);
    expect(ttl(z, "mail.example.test.", RRType.A)).toBe(60);
  });

  it("uses defaultTtl when given and there is no $TTL", () => {
    const z = parseZone("@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1", { origin: "example.test.", defaultTtl: 42 });
    expect(z.soa.ttl).toBe(42);
  });
});

describe("parseZone: zone model", () => {
  const z = zone("a.b.c A 192.0.2.1\nchild NS ns.child\nns.child A 192.0.2.2\n");

  it("adds empty non-terminals for every ancestor up to the apex", () => {
    expect(z.nodes.get("b.c.example.test.")?.rrsets.size).toBe(0);
    expect(z.nodes.get("c.example.test.")?.rrsets.size).toBe(0);
    expect([...z.nodes.keys()].sort()).toEqual([
      "a.b.c.example.test.",
      "b.c.example.test.",
      "c.example.test.",
      "child.example.test.",
      "example.test.",
      "ns.child.example.test.",
      "ns1.example.test.",
    ]);
  });

  it("records delegations below the apex as cuts, not the apex", () => {
    expect([...z.cuts]).toEqual(["child.example.test."]);
  });
});
