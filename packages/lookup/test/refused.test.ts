import { RRClass } from "@dnsteer/wire";
import { lookupTable } from "./helpers/table.js";

const example = `
$TTL 3600
@        SOA  ns1 hostmaster 1 7200 900 1209600 300
@        NS   ns1
ns1      A    192.0.2.53
www      A    192.0.2.1
`;

lookupTable("names and classes we do not serve", { "example.": example }, [
  { q: "www.example.org. A", why: "no zone contains the name", head: "refused REFUSED -", zone: "(none)" },
  { q: ". NS", why: "the root is not served", head: "refused REFUSED -" },
  { q: "org. SOA", why: "a parent of a served zone", head: "refused REFUSED -" },
  { q: "com. DS", why: "DS picks the parent's zone, which is not served", head: "refused REFUSED -" },
  { q: "www.example. A", qclass: RRClass.CH, why: "class CH is not served", head: "refused REFUSED -" },
  { q: "www.example. A", qclass: 42, why: "an unknown class", head: "refused REFUSED -" },
  {
    q: "www.example. A",
    qclass: RRClass.ANY,
    why: "QCLASS ANY matches the IN zone",
    head: "answer NOERROR aa",
    answer: ["www.example. 3600 A 192.0.2.1"],
  },
]);
