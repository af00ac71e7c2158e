import { lookupTable } from "./helpers/table.js";

const NEG_SOA = "example. 300 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300";

// The example zone of RFC 4592 2.2.1, plus a wildcard CNAME, a DNAME and a nested wildcard.
const example = `
$TTL 3600
@                    SOA   ns1 hostmaster 1 7200 900 1209600 300
@                    NS    ns1
ns1                  A     192.0.2.53
*                    TXT   "this is a wildcard"
*                    MX    10 host1
sub.*                TXT   "this is not a wildcard"
host1                A     192.0.2.1
_ssh._tcp.host1      SRV   0 0 22 host1
_ssh._tcp.host2      SRV   0 0 22 host2
subdel               NS    ns.example.com.
*.c                  CNAME host1
*.loop               CNAME x.loop
dn                   DNAME elsewhere.test.
`;

lookupTable("wildcards (RFC 4592)", { "example.": example }, [
  {
    q: "host3.example. MX",
    why: "RFC 4592 2.2.1: synthesized with the query name as owner, plus additional data",
    head: "answer NOERROR aa",
    answer: ["host3.example. 3600 MX 10 host1.example."],
    additional: ["host1.example. 3600 A 192.0.2.1"],
  },
  { q: "host3.example. A", why: "the wildcard exists but lacks the type: NODATA", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  {
    q: "foo.bar.example. TXT",
    why: "a wildcard matches any number of labels",
    head: "answer NOERROR aa",
    answer: ['foo.bar.example. 3600 TXT "this is a wildcard"'],
  },
  { q: "host1.example. TXT", why: "an existing name is never synthesized", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  { q: "example. TXT", why: "the apex exists, so no synthesis", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  { q: "sub.*.example. MX", why: "names below the wildcard are ordinary names", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  {
    q: "_telnet._tcp.host1.example. SRV",
    why: "closest encloser _tcp.host1 has no wildcard child: NXDOMAIN",
    head: "nxdomain NXDOMAIN aa",
    authority: [NEG_SOA],
  },
  { q: "host2.example. A", why: "host2 is an empty non-terminal: it exists, no wildcard", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  {
    q: "x.host2.example. TXT",
    why: "the ENT host2 is the closest encloser and blocks *.example.",
    head: "nxdomain NXDOMAIN aa",
    authority: [NEG_SOA],
  },
  {
    q: "ghost.*.example. MX",
    why: "closest encloser is *.example.; there is no *.*.example.",
    head: "nxdomain NXDOMAIN aa",
    authority: [NEG_SOA],
  },
  {
    q: "*.example. TXT",
    why: "asking for the wildcard owner literally",
    head: "answer NOERROR aa",
    answer: ['*.example. 3600 TXT "this is a wildcard"'],
  },
  {
    q: "host.subdel.example. TXT",
    why: "below a zone cut a wildcard never applies",
    head: "referral NOERROR -",
    authority: ["subdel.example. 3600 NS ns.example.com."],
  },
  {
    q: "a.dn.example. TXT",
    why: "below a DNAME the wildcard never applies",
    head: "answer NOERROR aa",
    answer: ["dn.example. 3600 DNAME elsewhere.test.", "a.dn.example. 3600 CNAME a.elsewhere.test."],
  },
  {
    q: "www.c.example. A",
    why: "a wildcard CNAME is synthesized and then followed",
    head: "answer NOERROR aa",
    answer: ["www.c.example. 3600 CNAME host1.example.", "host1.example. 3600 A 192.0.2.1"],
  },
  {
    q: "a.loop.example. A",
    why: "a wildcard CNAME that points back under itself stops at the repeated name",
    head: "answer NOERROR aa",
    answer: ["a.loop.example. 3600 CNAME x.loop.example.", "x.loop.example. 3600 CNAME x.loop.example."],
  },
  {
    q: "host3.example. ANY",
    why: "ANY synthesizes every RRset of the wildcard",
    head: "answer NOERROR aa",
    answer: ['host3.example. 3600 TXT "this is a wildcard"', "host3.example. 3600 MX 10 host1.example."],
    additional: ["host1.example. 3600 A 192.0.2.1"],
  },
]);

// RFC 4592 4.2 leaves wildcard NS undefined; we treat it as a delegation of the query name.
const wildDelegation = `
$TTL 3600
@    SOA  ns1 hostmaster 1 7200 900 1209600 300
@    NS   ns1
ns1  A    192.0.2.53
*    NS   ns1
`;

lookupTable("wildcard NS (RFC 4592 4.2)", { "example.": wildDelegation }, [
  {
    q: "foo.example. A",
    why: "a referral for the query name itself",
    head: "referral NOERROR -",
    authority: ["foo.example. 3600 NS ns1.example."],
    additional: ["ns1.example. 3600 A 192.0.2.53"],
  },
  {
    q: "*.example. NS",
    why: "the wildcard owner is a cut like any other",
    head: "referral NOERROR -",
    authority: ["*.example. 3600 NS ns1.example."],
    additional: ["ns1.example. 3600 A 192.0.2.53"],
  },
  { q: "ns1.example. A", why: "existing names are not delegated", head: "answer NOERROR aa", answer: ["ns1.example. 3600 A 192.0.2.53"] },
]);
