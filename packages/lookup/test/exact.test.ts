import { lookupTable } from "./helpers/table.js";

const zone = `
$TTL 3600
@        SOA  ns1 hostmaster 1 7200 900 1209600 300
@        NS   ns1
@        MX   10 www
ns1      A    192.0.2.53
www      A    192.0.2.1
www      A    192.0.2.2
www 600  AAAA 2001:db8::1
txt      TXT  "hello world"
`;
const NEG_SOA = "example. 300 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300";

lookupTable("exact match (RFC 1034 4.3.2 step 3.a)", { "example.": zone }, [
  {
    q: "www.example. A",
    why: "records in zone order, no NS in authority (minimal responses)",
    head: "answer NOERROR aa",
    answer: ["www.example. 3600 A 192.0.2.1", "www.example. 3600 A 192.0.2.2"],
    zone: "example.",
  },
  { q: "www.example. AAAA", head: "answer NOERROR aa", answer: ["www.example. 600 AAAA 2001:db8::1"] },
  { q: "txt.example. TXT", head: "answer NOERROR aa", answer: ['txt.example. 3600 TXT "hello world"'] },
  {
    q: "example. SOA",
    why: "qname is the apex; the SOA keeps its own TTL in an answer",
    head: "answer NOERROR aa",
    answer: ["example. 3600 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300"],
  },
  {
    q: "example. NS",
    why: "apex NS is an answer, with the server addresses as additional data",
    head: "answer NOERROR aa",
    answer: ["example. 3600 NS ns1.example."],
    additional: ["ns1.example. 3600 A 192.0.2.53"],
  },
  { q: "example. A", why: "apex without the type", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  { q: "www.example. TXT", head: "nodata NOERROR aa", authority: [NEG_SOA] },
  {
    q: "www.example. ANY",
    why: "ANY returns every RRset; trimming (RFC 8482) is the server's business",
    head: "answer NOERROR aa",
    answer: ["www.example. 3600 A 192.0.2.1", "www.example. 3600 A 192.0.2.2", "www.example. 600 AAAA 2001:db8::1"],
  },
  {
    q: "example. ANY",
    why: "ANY at the apex; MX/NS targets already in the answer are not repeated",
    head: "answer NOERROR aa",
    answer: [
      "example. 3600 SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300",
      "example. 3600 NS ns1.example.",
      "example. 3600 MX 10 www.example.",
    ],
    additional: [
      "ns1.example. 3600 A 192.0.2.53",
      "www.example. 3600 A 192.0.2.1",
      "www.example. 3600 A 192.0.2.2",
      "www.example. 600 AAAA 2001:db8::1",
    ],
  },
  {
    q: "example. DS",
    why: "DS at the apex when we do not serve the parent: the child says NODATA",
    head: "nodata NOERROR aa",
    authority: [NEG_SOA],
  },
]);
