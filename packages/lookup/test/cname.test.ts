import { lookupTable, type Row } from "./helpers/table.js";

const SOA = "@ SOA ns1 hostmaster 1 7200 900 1209600 300";
const NEG_SOA = "example. 300 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300";

// long0 -> long1 -> ... -> long17 (A): 17 CNAMEs, one more than MAX_CHAIN follows.
const longChain = Array.from({ length: 17 }, (_, i) => `long${i} CNAME long${i + 1}`).join("\n");

const example = `
$TTL 3600
${SOA}
@         NS    ns1
ns1       A     192.0.2.53
a         CNAME b
b    600  CNAME c
c         A     192.0.2.3
c         MX    10 mail
mail      A     192.0.2.25
dangling  CNAME nowhere
toc       CNAME c
out       CNAME www.other.test.
loop1     CNAME loop2
loop2     CNAME loop1
self      CNAME self
tochild   CNAME www.child
todeleg   CNAME host.sub
sub       NS    ns.sub
ns.sub    A     192.0.2.99
towild    CNAME x.w
*.w       A     192.0.2.7
${longChain}
long17    A     192.0.2.17
`;
const child = `
$TTL 3600
@   SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300
@   NS  ns1.example.
www A   192.0.2.80
`;

const cname = (from: string, to: string, ttl = 3600) => `${from}.example. ${ttl} CNAME ${to}`;

const rows: Row[] = [
  {
    q: "a.example. A",
    why: "in-zone chain is followed to the data",
    head: "answer NOERROR aa",
    answer: [cname("a", "b.example."), cname("b", "c.example.", 600), "c.example. 3600 A 192.0.2.3"],
  },
  {
    q: "a.example. MX",
    why: "additional processing applies to the data at the end of the chain",
    head: "answer NOERROR aa",
    answer: [cname("a", "b.example."), cname("b", "c.example.", 600), "c.example. 3600 MX 10 mail.example."],
    additional: ["mail.example. 3600 A 192.0.2.25"],
  },
  {
    q: "a.example. CNAME",
    why: "asking for the CNAME itself does not chase",
    head: "answer NOERROR aa",
    answer: [cname("a", "b.example.")],
  },
  { q: "a.example. ANY", why: "ANY does not chase either", head: "answer NOERROR aa", answer: [cname("a", "b.example.")] },
  {
    q: "dangling.example. A",
    why: "chain ends at a missing name: NXDOMAIN (RFC 6604 2.1) with SOA",
    head: "nxdomain NXDOMAIN aa",
    answer: [cname("dangling", "nowhere.example.")],
    authority: [NEG_SOA],
  },
  {
    q: "toc.example. TXT",
    why: "chain ends at a name without the type: NODATA",
    head: "nodata NOERROR aa",
    answer: [cname("toc", "c.example.")],
    authority: [NEG_SOA],
  },
  {
    q: "out.example. A",
    why: "target outside our zones: CNAME only",
    head: "answer NOERROR aa",
    answer: [cname("out", "www.other.test.")],
  },
  {
    q: "tochild.example. A",
    why: "target in another zone we serve: not followed (Knot behaviour)",
    head: "answer NOERROR aa",
    answer: [cname("tochild", "www.child.example.")],
  },
  {
    q: "loop1.example. A",
    why: "a loop stops once every name was visited",
    head: "answer NOERROR aa",
    answer: [cname("loop1", "loop2.example."), cname("loop2", "loop1.example.")],
  },
  { q: "self.example. A", why: "a CNAME to itself", head: "answer NOERROR aa", answer: [cname("self", "self.example.")] },
  {
    q: "todeleg.example. A",
    why: "chain into a delegation: referral data, but the CNAME keeps AA",
    head: "referral NOERROR aa",
    answer: [cname("todeleg", "host.sub.example.")],
    authority: ["sub.example. 3600 NS ns.sub.example."],
    additional: ["ns.sub.example. 3600 A 192.0.2.99"],
  },
  {
    q: "towild.example. A",
    why: "the target is answered by a wildcard",
    head: "answer NOERROR aa",
    answer: [cname("towild", "x.w.example."), "x.w.example. 3600 A 192.0.2.7"],
  },
  {
    q: "long1.example. A",
    why: "16 CNAMEs: the longest chain still followed",
    head: "answer NOERROR aa",
    answer: [...Array.from({ length: 16 }, (_, i) => cname(`long${i + 1}`, `long${i + 2}.example.`)), "long17.example. 3600 A 192.0.2.17"],
  },
  {
    q: "long0.example. A",
    why: "17 CNAMEs: stops after 16 follows with what was collected",
    head: "answer NOERROR aa",
    answer: Array.from({ length: 17 }, (_, i) => cname(`long${i}`, `long${i + 1}.example.`)),
  },
];

lookupTable("CNAME chasing (RFC 1034 3.6.2, 4.3.2 step 3.a; RFC 2181 10.1)", { "example.": example, "child.example.": child }, rows);
