import { describe, expect, it } from "vitest";
import { type Case, chainUnderTest, expectCase, testCases } from "../../../test/case.js";

// Zone answers from templates: the first query of a (name, type) encodes the answer, later
// ones copy it and patch what is theirs: ID, RD/CD, the question's bytes (case, class ANY),
// and the OPT record. Rows run in order on one chain, so each row after the first of its
// name is answered from the template the earlier row left.
const zone = `
$ORIGIN example.test.
$TTL 300
@     SOA  ns1 hostmaster 2026112401 3600 600 86400 60
@     NS   ns1
ns1   A    192.0.2.53
www   A    192.0.2.10
big   TXT  "${"a".repeat(250)}" "${"b".repeat(250)}"
`;
const soa = "example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 2026112401 3600 600 86400 60";
const www = "www.example.test. 300 IN A 192.0.2.10";
const big = `big.example.test. 300 IN TXT "${"a".repeat(250)}" "${"b".repeat(250)}"`;

const cases: Case[] = [
  { qname: "www.example.test.", id: 1, rcode: "NOERROR", flags: "qr aa rd", answer: [www], opt: false, why: "miss: encodes the template" },
  { qname: "www.example.test.", id: 2, rcode: "NOERROR", flags: "qr aa rd", answer: [www], why: "hit: the new ID" },
  { qname: "WWW.Example.TEST.", rcode: "NOERROR", flags: "qr aa rd", answer: [www], why: "hit: the client's case in the question" },
  {
    qname: "www.example.test.",
    rd: false,
    cd: true,
    rcode: "NOERROR",
    flags: "qr aa cd",
    answer: [www],
    why: "hit: RD and CD as the client sent them",
  },
  {
    qname: "www.example.test.",
    qclass: "ANY",
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: [www],
    why: "hit: class ANY echoed, answered as IN",
  },
  {
    qname: "www.example.test.",
    edns: { do: true, nsid: true, ecs: "198.51.100.0/24" },
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: [www],
    opt: { udpSize: 1232, do: true, options: ["NSID", "ECS"], nsid: "edge-1", ecsScope: 0 },
    why: "hit: OPT appended (DO, NSID, ECS with scope 0)",
  },
  { qname: "www.example.test.", transport: "tcp", rcode: "NOERROR", flags: "qr aa rd", answer: [www] },
  { qname: "nope.example.test.", rcode: "NXDOMAIN", flags: "qr aa rd", ns: [soa], why: "negative answers have templates too" },
  { qname: "nope.example.test.", rcode: "NXDOMAIN", flags: "qr aa rd", ns: [soa] },
  { qname: "big.example.test.", qtype: "TXT", edns: {}, rcode: "NOERROR", flags: "qr aa rd", answer: [big], why: "fits 1232" },
  {
    qname: "big.example.test.",
    qtype: "TXT",
    rcode: "NOERROR",
    flags: "qr aa tc rd",
    why: "over 512 without EDNS: truncated on the slow path",
  },
  { qname: "big.example.test.", qtype: "TXT", transport: "tcp", rcode: "NOERROR", flags: "qr aa rd", answer: [big] },
  { qname: "nowhere.test.", edns: {}, rcode: "REFUSED", flags: "qr rd", opt: { ede: 20 } },
];

const settings = { nsid: Buffer.from("edge-1") };
describe("cache", () => {
  testCases(chainUnderTest({ zone, settings }), cases);

  it("keeps one template per name and type answered from the zones, none for names outside them", () => {
    const chain = chainUnderTest({ zone, settings });
    for (const tc of cases) expectCase(chain, tc);
    expect(chain.snapshot.zoneAnswerTemplates.size).toBe(3); // www A, nope A, big TXT
  });

  it("answers the same without templates (templateCacheEntries 0: the zones plugin answers)", () => {
    const chain = chainUnderTest({ zone, settings: { ...settings, templateCacheEntries: 0 } });
    for (const tc of cases) expectCase(chain, tc);
    expect(chain.snapshot.zoneAnswerTemplates.size).toBe(0);
  });
});
