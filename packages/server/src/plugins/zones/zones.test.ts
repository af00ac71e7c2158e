import { describe } from "vitest";
import { type Case, chainUnderTest, testCases } from "../../../test/case.js";

// The chain's end: the RFC 1034 4.3.2 lookup, encoded per query. With the cache on (the
// default) the cache plugin answers these from templates first; here it is off, so every row
// reaches this plugin. Minimal responses, as Knot: no NS in the authority of positive answers.
const zone = `
$ORIGIN example.test.
$TTL 300
@        SOA   ns1 hostmaster 2026112401 3600 600 86400 60
@        NS    ns1
ns1      A     192.0.2.53
www      A     192.0.2.10
www      MX    10 mail
mail     A     192.0.2.25
alias    CNAME www
out      CNAME www.elsewhere.test.
*.wild   TXT   "wildcard"
a.b.ent  A     192.0.2.30
sub      NS    ns.sub
ns.sub   A     192.0.2.99
old      DNAME new.example.test.
x.new    A     192.0.2.77
`;
const soa = "example.test. 60 IN SOA ns1.example.test. hostmaster.example.test. 2026112401 3600 600 86400 60";
const www = "www.example.test. 300 IN A 192.0.2.10";
const referral = { ns: ["sub.example.test. 300 IN NS ns.sub.example.test."], extra: ["ns.sub.example.test. 300 IN A 192.0.2.99"] };

const cases: Case[] = [
  { qname: "www.example.test.", rcode: "NOERROR", flags: "qr aa rd", answer: [www] },
  { qname: "Www.Example.TEST.", rcode: "NOERROR", flags: "qr aa rd", answer: [www], why: "names match in any case" },
  {
    qname: "www.example.test.",
    qtype: "MX",
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ["www.example.test. 300 IN MX 10 mail.example.test."],
    extra: ["mail.example.test. 300 IN A 192.0.2.25"],
    why: "additional data for the exchange",
  },
  {
    qname: "example.test.",
    qtype: "NS",
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ["example.test. 300 IN NS ns1.example.test."],
    extra: ["ns1.example.test. 300 IN A 192.0.2.53"],
  },
  { qname: "example.test.", qtype: "SOA", rcode: "NOERROR", flags: "qr aa rd", answer: [soa.replace(" 60 IN", " 300 IN")] },
  {
    qname: "www.example.test.",
    qtype: "AAAA",
    rcode: "NOERROR",
    flags: "qr aa rd",
    ns: [soa],
    why: "NODATA: the SOA, with the negative TTL (RFC 2308)",
  },
  { qname: "nope.example.test.", rcode: "NXDOMAIN", flags: "qr aa rd", ns: [soa] },
  {
    qname: "b.ent.example.test.",
    rcode: "NOERROR",
    flags: "qr aa rd",
    ns: [soa],
    why: "an empty non-terminal exists: NODATA, not NXDOMAIN",
  },
  {
    qname: "alias.example.test.",
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ["alias.example.test. 300 IN CNAME www.example.test.", www],
    why: "CNAME followed inside the zone",
  },
  {
    qname: "out.example.test.",
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ["out.example.test. 300 IN CNAME www.elsewhere.test."],
    why: "CNAME out of the zone: not followed",
  },
  {
    qname: "x.wild.example.test.",
    qtype: "TXT",
    rcode: "NOERROR",
    flags: "qr aa rd",
    answer: ['x.wild.example.test. 300 IN TXT "wildcard"'],
    why: "wildcard, owner the query name",
  },
  { qname: "x.wild.example.test.", rcode: "NOERROR", flags: "qr aa rd", ns: [soa], why: "wildcard without the type: NODATA" },
  {
    qname: "x.old.example.test.",
    rcode: "NOERROR",
    flags: "qr aa rd",
    why: "DNAME with the synthesised CNAME (RFC 6672)",
    answer: [
      "old.example.test. 300 IN DNAME new.example.test.",
      "x.old.example.test. 300 IN CNAME x.new.example.test.",
      "x.new.example.test. 300 IN A 192.0.2.77",
    ],
  },
  {
    qname: "host.sub.example.test.",
    rcode: "NOERROR",
    flags: "qr rd",
    ...referral,
    why: "referral: not authoritative, glue in additional",
  },
  {
    qname: "sub.example.test.",
    qtype: "NS",
    rcode: "NOERROR",
    flags: "qr rd",
    ...referral,
    why: "the delegation point's NS is the child's",
  },
  {
    qname: "nowhere.test.",
    edns: {},
    rcode: "REFUSED",
    flags: "qr rd",
    opt: { ede: 20 },
    why: "outside our zones: EDE 20 Not Authoritative (RFC 8914)",
  },
  { qname: "nowhere.test.", rcode: "REFUSED", flags: "qr rd", opt: false },
];

describe("zones (cache off)", () => testCases(chainUnderTest({ zone, settings: { templateCacheEntries: 0 } }), cases));
