import { lookupTable } from "./helpers/table.js";

const NEG_SOA = "example. 300 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300";

// wire has no DS codec yet, so DS is written in RFC 3597 form.
const example = `
$TTL 3600
@             SOA   ns1 hostmaster 1 7200 900 1209600 300
@             NS    ns1
ns1           A     192.0.2.53
sub           NS    ns1.sub
sub           NS    ns.other
sub           NS    ns1
sub           NS    ns.elsewhere.test.
sub           DS    \\# 4 01020304
ns1.sub       A     192.0.2.101
ns1.sub       AAAA  2001:db8::101
deep.ns1.sub  A     192.0.2.102
other         NS    ns.other
ns.other      A     192.0.2.103
nods          NS    ns.elsewhere.test.
child         NS    ns1
child         DS    \\# 4 0a0b0c0d
`;
const child = `
$TTL 3600
@   SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300
@   NS  ns1.example.
www A   192.0.2.80
`;

// Served, but example. forgot to delegate it.
const orphan = `
$TTL 3600
@   SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300
@   NS  ns1.example.
`;

const SUB_NS = [
  "sub.example. 3600 NS ns1.sub.example.",
  "sub.example. 3600 NS ns.other.example.",
  "sub.example. 3600 NS ns1.example.",
  "sub.example. 3600 NS ns.elsewhere.test.",
];
// In-bailiwick glue, sibling glue (ns.other is below another cut), then in-zone data (ns1).
const SUB_GLUE = [
  "ns1.sub.example. 3600 A 192.0.2.101",
  "ns1.sub.example. 3600 AAAA 2001:db8::101",
  "ns.other.example. 3600 A 192.0.2.103",
  "ns1.example. 3600 A 192.0.2.53",
];

lookupTable(
  "delegations (RFC 1034 4.3.2 step 3.b, RFC 4035 3.1.4.1)",
  { "example.": example, "child.example.": child, "orphan.example.": orphan },
  [
    {
      q: "www.sub.example. A",
      why: "referral: AA clear, NS in authority, glue; only the in-domain part is mandatory",
      head: "referral NOERROR -",
      authority: SUB_NS,
      additional: SUB_GLUE,
      inDomainGlue: SUB_GLUE.slice(0, 2),
    },
    { q: "sub.example. A", why: "the cut itself", head: "referral NOERROR -", authority: SUB_NS, additional: SUB_GLUE },
    {
      q: "sub.example. NS",
      why: "the NS at a cut is the child's, not an answer",
      head: "referral NOERROR -",
      authority: SUB_NS,
      additional: SUB_GLUE,
    },
    { q: "sub.example. ANY", head: "referral NOERROR -", authority: SUB_NS, additional: SUB_GLUE },
    {
      q: "ns1.sub.example. A",
      why: "glue is never an authoritative answer",
      head: "referral NOERROR -",
      authority: SUB_NS,
      additional: SUB_GLUE,
    },
    { q: "deep.ns1.sub.example. A", head: "referral NOERROR -", authority: SUB_NS, additional: SUB_GLUE },
    { q: "nothing.sub.example. A", why: "no NXDOMAIN below a cut", head: "referral NOERROR -", authority: SUB_NS, additional: SUB_GLUE },
    {
      q: "sub.example. DS",
      why: "DS at the cut belongs to the parent: authoritative answer",
      head: "answer NOERROR aa",
      answer: ["sub.example. 3600 DS \\# 4 01020304"],
    },
    { q: "nods.example. DS", why: "unsigned delegation: NODATA from the parent", head: "nodata NOERROR aa", authority: [NEG_SOA] },
    {
      q: "x.sub.example. DS",
      why: "DS below the cut is the child's business",
      head: "referral NOERROR -",
      authority: SUB_NS,
      additional: SUB_GLUE,
    },
    {
      q: "nods.example. A",
      why: "out-of-zone NS target: no glue",
      head: "referral NOERROR -",
      authority: ["nods.example. 3600 NS ns.elsewhere.test."],
      inDomainGlue: [],
    },
    {
      q: "child.example. DS",
      why: "we serve parent and child: DS comes from the parent",
      head: "answer NOERROR aa",
      answer: ["child.example. 3600 DS \\# 4 0A0B0C0D"],
      zone: "example.",
    },
    {
      q: "child.example. NS",
      why: "everything else at the child apex comes from the child zone; its NS target lives in the parent, so no additional data (Knot)",
      head: "answer NOERROR aa",
      answer: ["child.example. 3600 NS ns1.example."],
      zone: "child.example.",
    },
    {
      q: "orphan.example. DS",
      why: "the parent we serve has no cut there: the child answers rather than a false NXDOMAIN",
      head: "nodata NOERROR aa",
      authority: ["orphan.example. 300 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300"],
      zone: "orphan.example.",
    },
    { q: "www.child.example. A", head: "answer NOERROR aa", answer: ["www.child.example. 3600 A 192.0.2.80"], zone: "child.example." },
  ],
);
