import { describe, expect, it } from "vitest";
import { type Case, chainUnderTest, expectCase, testCases } from "../../../test/case.js";

// RFC 8482: ANY over UDP gets one RRset, the first at the name (as Knot), without additional
// data; over TCP everything. Rows run in order on one chain: the TCP row leaves a full
// template in the cache, and the UDP row after it must still get one RRset.
const zone = `
$ORIGIN example.test.
$TTL 300
@        SOA   ns1 hostmaster 2026112401 3600 600 86400 60
@        NS    ns1
ns1      A     192.0.2.53
www      A     192.0.2.10
www      AAAA  2001:db8::10
www      TXT   "hello"
www      MX    10 mail
mail     A     192.0.2.25
alias    CNAME www
sub      NS    ns.sub
ns.sub   A     192.0.2.99
`;
const soa = "example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 2026112401 3600 600 86400 60";
const wwwA = "www.example.test. 300 IN A 192.0.2.10";
const wwwAll = [
  wwwA,
  "www.example.test. 300 IN AAAA 2001:db8::10",
  'www.example.test. 300 IN TXT "hello"',
  "www.example.test. 300 IN MX 10 mail.example.test.",
];
const ok = { rcode: "NOERROR", flags: "qr aa rd" } as const;

const cases: Case[] = [
  { qname: "www.example.test.", qtype: "ANY", ...ok, answer: [wwwA], why: "one RRset, no additional" },
  { qname: "www.example.test.", qtype: "ANY", edns: {}, ...ok, answer: [wwwA], opt: { udpSize: 1232 } },
  {
    qname: "www.example.test.",
    qtype: "ANY",
    transport: "tcp",
    ...ok,
    answer: wwwAll,
    extra: ["mail.example.test. 300 IN A 192.0.2.25"],
    why: "TCP: all of them",
  },
  { qname: "www.example.test.", qtype: "ANY", ...ok, answer: [wwwA], why: "still one after TCP filled the cache" },
  { qname: "www.example.test.", qclass: "ANY", qtype: "ANY", ...ok, answer: [wwwA] },
  { qname: "example.test.", qtype: "ANY", ...ok, answer: [soa.replace(" 60 IN", " 300 IN")], why: "the apex: SOA first" },
  { qname: "mail.example.test.", qtype: "ANY", ...ok, answer: ["mail.example.test. 300 IN A 192.0.2.25"], why: "a single RRset as it is" },
  {
    qname: "alias.example.test.",
    qtype: "ANY",
    ...ok,
    answer: ["alias.example.test. 300 IN CNAME www.example.test."],
    why: "a CNAME, not followed",
  },
  { qname: "nope.example.test.", qtype: "ANY", rcode: "NXDOMAIN", flags: "qr aa rd", ns: [soa] },
  {
    qname: "host.sub.example.test.",
    qtype: "ANY",
    rcode: "NOERROR",
    flags: "qr rd",
    ns: ["sub.example.test. 300 IN NS ns.sub.example.test."],
    extra: ["ns.sub.example.test. 300 IN A 192.0.2.99"],
    why: "a referral, unchanged",
  },
  { qname: "nowhere.test.", qtype: "ANY", edns: {}, rcode: "REFUSED", flags: "qr rd", opt: { ede: 20 } },
];

describe("any", () => {
  testCases(chainUnderTest({ zone }), cases);

  it("keeps no template of its one-RRset answers", () => {
    const chain = chainUnderTest({ zone });
    expectCase(chain, cases[0]!);
    expect(chain.snapshot.zoneAnswerTemplates.size).toBe(0);
  });
});
