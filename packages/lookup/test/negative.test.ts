import { lookupTable } from "./helpers/table.js";

const example = `
$TTL 3600
@        SOA  ns1 hostmaster 1 7200 900 1209600 300
@        NS   ns1
ns1      A    192.0.2.53
www      A    192.0.2.1
a.b.c    A    192.0.2.9
`;
// SOA TTL below MINIMUM: the TTL is the smaller of the two.
const short = `
$TTL 3600
@     60 SOA  ns1.example. hostmaster.example. 7 7200 900 1209600 300
@        NS   ns1.example.
`;
const NEG_SOA = "example. 300 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300";

lookupTable("NXDOMAIN and NODATA (RFC 1034 4.3.2, RFC 2308 2 and 3, RFC 8020)", { "example.": example, "short.test.": short }, [
  { q: "nope.example. A", why: "SOA TTL is min(SOA TTL, MINIMUM)", head: "nxdomain NXDOMAIN aa", authority: [NEG_SOA] },
  { q: "x.nope.example. A", why: "below a missing name", head: "nxdomain NXDOMAIN aa", authority: [NEG_SOA] },
  { q: "www.example. MX", why: "name exists without the type", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  { q: "b.c.example. A", why: "an empty non-terminal exists: NODATA, not NXDOMAIN", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  { q: "c.example. A", why: "an ENT two levels up", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  { q: "x.c.example. A", why: "sibling of an ENT's child does not exist", head: "nxdomain NXDOMAIN aa", authority: [NEG_SOA] },
  { q: "x.a.b.c.example. A", why: "below a leaf", head: "nxdomain NXDOMAIN aa", authority: [NEG_SOA] },
  {
    q: "nope.short.test. A",
    why: "SOA TTL smaller than MINIMUM",
    head: "nxdomain NXDOMAIN aa",
    authority: ["short.test. 60 SOA ns1.example. hostmaster.example. 7 7200 900 1209600 300"],
    zone: "short.test.",
  },
  {
    q: "short.test. TXT",
    head: "nodata NOERROR aa",
    authority: ["short.test. 60 SOA ns1.example. hostmaster.example. 7 7200 900 1209600 300"],
  },
]);
