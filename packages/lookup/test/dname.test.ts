import { lookupTable } from "./helpers/table.js";

const NEG_SOA = "example. 300 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300";
// Four 60-octet labels plus "test.": a 250-octet target, so almost any prefix overflows 255.
const label60 = "l".repeat(60);
const longTarget = `${label60}.${label60}.${label60}.${label60}.test.`;

const example = `
$TTL 3600
@ SOA ns1 hostmaster 1 7200 900 1209600 300
@         NS    ns1
ns1       A     192.0.2.53
d    600  DNAME target.test.
i         DNAME in
x.in      A     192.0.2.10
back      DNAME example.
big       DNAME ${longTarget}
`;
const old = `
$TTL 3600
@ SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300
@ NS    ns1.example.
@ DNAME example.
`;

lookupTable("DNAME (RFC 6672)", { "example.": example, "old.test.": old }, [
  {
    q: "d.example. DNAME",
    why: "the owner itself, asked for DNAME: a plain answer",
    head: "answer NOERROR aa",
    answer: ["d.example. 600 DNAME target.test."],
  },
  { q: "d.example. A", why: "DNAME does not apply to its own owner", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  {
    q: "y.i.example. CNAME",
    why: "asked for the CNAME: the DNAME and the synthesized CNAME are the answer, the target (absent) is not chased",
    head: "answer NOERROR aa",
    answer: ["i.example. 3600 DNAME in.example.", "y.i.example. 3600 CNAME y.in.example."],
  },
  {
    q: "x.i.example. CNAME",
    why: "the same when the target exists: no A of the target in a CNAME answer",
    head: "answer NOERROR aa",
    answer: ["i.example. 3600 DNAME in.example.", "x.i.example. 3600 CNAME x.in.example."],
  },
  {
    q: "a.d.example. A",
    why: "synthesized CNAME takes the DNAME's TTL; the target is not ours",
    head: "answer NOERROR aa",
    answer: ["d.example. 600 DNAME target.test.", "a.d.example. 600 CNAME a.target.test."],
  },
  {
    q: "b.a.d.example. TXT",
    why: "every label left of the owner is kept",
    head: "answer NOERROR aa",
    answer: ["d.example. 600 DNAME target.test.", "b.a.d.example. 600 CNAME b.a.target.test."],
  },
  {
    q: "x.i.example. A",
    why: "in-zone target is chased",
    head: "answer NOERROR aa",
    answer: ["i.example. 3600 DNAME in.example.", "x.i.example. 3600 CNAME x.in.example.", "x.in.example. 3600 A 192.0.2.10"],
  },
  {
    q: "y.i.example. A",
    why: "in-zone target that does not exist",
    head: "nxdomain NXDOMAIN aa",
    answer: ["i.example. 3600 DNAME in.example.", "y.i.example. 3600 CNAME y.in.example."],
    authority: [NEG_SOA],
  },
  {
    q: "x.in.back.example. A",
    why: "DNAME to the apex, then the data",
    head: "answer NOERROR aa",
    answer: ["back.example. 3600 DNAME example.", "x.in.back.example. 3600 CNAME x.in.example.", "x.in.example. 3600 A 192.0.2.10"],
  },
  {
    q: "x.i.back.example. A",
    why: "two DNAMEs in a row",
    head: "answer NOERROR aa",
    answer: [
      "back.example. 3600 DNAME example.",
      "x.i.back.example. 3600 CNAME x.i.example.",
      "i.example. 3600 DNAME in.example.",
      "x.i.example. 3600 CNAME x.in.example.",
      "x.in.example. 3600 A 192.0.2.10",
    ],
  },
  {
    q: "ab.big.example. A",
    why: "253 octets after rewriting: still fits",
    head: "answer NOERROR aa",
    answer: [`big.example. 3600 DNAME ${longTarget}`, `ab.big.example. 3600 CNAME ab.${longTarget}`],
  },
  {
    q: "abcdef.big.example. A",
    why: "the rewritten name would be 257 octets: YXDOMAIN with the DNAME only",
    head: "answer YXDOMAIN aa",
    answer: [`big.example. 3600 DNAME ${longTarget}`],
  },
  {
    q: "www.old.test. A",
    why: "apex DNAME; the target is in another zone we serve, so not chased",
    head: "answer NOERROR aa",
    answer: ["old.test. 3600 DNAME example.", "www.old.test. 3600 CNAME www.example."],
    zone: "old.test.",
  },
  {
    q: "old.test. SOA",
    why: "the apex itself is not redirected",
    head: "answer NOERROR aa",
    answer: ["old.test. 3600 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300"],
  },
]);
