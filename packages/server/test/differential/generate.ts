import { RRType } from "@dnsteer/wire";
import { seededRandom } from "../../../../fixtures/random.js";
import type { ZoneModel } from "./inventory.js";
import type { Category, GeneratedQuery } from "./query.js";

/** Types asked at every name, present or not: the usual ones plus unknown TYPE65534. */
const PROBE_TYPES = [
  RRType.A,
  RRType.AAAA,
  RRType.NS,
  RRType.SOA,
  RRType.MX,
  RRType.TXT,
  RRType.SRV,
  RRType.CAA,
  RRType.HTTPS,
  RRType.CNAME,
  65534,
];

function randomCase(name: string, rnd: () => number): string {
  return [...name].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c)).join("");
}

/** The query list for one zone; transports and EDNS are varied afterwards by `vary`. */
export function zoneQueries(z: ZoneModel, seed = 1): GeneratedQuery[] {
  const rnd = seededRandom(seed);
  const out: GeneratedQuery[] = [];
  const add = (category: Category, name: string, type: number, extra: Partial<GeneratedQuery> = {}) =>
    out.push({ category, name, type, rd: false, edns: {}, transport: "udp", ...extra });
  const typesAt = (n: string) => [...(z.byOwner.get(n)?.keys() ?? [])];

  for (const t of [...PROBE_TYPES, RRType.DNSKEY, RRType.DS, RRType.NAPTR, RRType.PTR]) add("apex", z.origin, t);
  for (const n of z.owners.filter((n) => n !== z.origin)) {
    for (const t of typesAt(n)) add("exact", n, t);
    for (const t of PROBE_TYPES.filter((t) => !typesAt(n).includes(t))) add("missing-type", n, t);
    add("case", randomCase(n, rnd), typesAt(n)[0] ?? RRType.A);
    add("case", randomCase(n, rnd), RRType.A);
    add("any", n, RRType.ANY);
    if (!n.startsWith("*.")) add("nxdomain", `nx${out.length}.${n}`, RRType.A);
  }
  add("any", z.origin, RRType.ANY);
  add("nxdomain", `does-not-exist.${z.origin}`, RRType.A);
  add("nxdomain", `a.b.c.does-not-exist.${z.origin}`, RRType.MX);
  add("case", randomCase(`does-not-exist.${z.origin}`, rnd), RRType.A);
  add("case", randomCase(z.origin, rnd), RRType.SOA);
  add("case", z.origin.toUpperCase(), RRType.NS);

  for (const e of z.ents) {
    for (const t of [RRType.A, RRType.TXT, RRType.ANY]) add("ent", e, t);
    add("ent", `below.${e}`, RRType.A);
    add("ent", randomCase(e, rnd), RRType.AAAA);
  }
  for (const w of z.wildcards) {
    const base = w.slice(2);
    const types = [...typesAt(w), RRType.TXT, RRType.AAAA];
    for (const prefix of ["one.", "two.three.", "four.five.six."]) {
      for (const t of types) add("wildcard", `${prefix}${base}`, t);
      add("wildcard", randomCase(`${prefix}${base}`, rnd), typesAt(w)[0] ?? RRType.A);
    }
    add("wildcard", `*.${base}`, typesAt(w)[0] ?? RRType.A);
    add("wildcard", `x.*.${base}`, RRType.A);
  }
  for (const c of z.cuts) {
    for (const t of [RRType.NS, RRType.A, RRType.DS, RRType.SOA, RRType.ANY, RRType.MX]) add("delegation", c, t);
    add("delegation", `www.${c}`, RRType.A);
    add("delegation", `a.b.${c}`, RRType.AAAA);
    add("delegation", randomCase(`www.${c}`, rnd), RRType.TXT);
  }
  for (const g of z.occluded) for (const t of [RRType.A, RRType.AAAA, RRType.NS]) add("delegation", g, t);
  for (const c of z.cnames) {
    for (const t of [RRType.A, RRType.AAAA, RRType.MX, RRType.TXT, RRType.CNAME, RRType.NS]) add("cname", c, t);
    add("cname", randomCase(c, rnd), RRType.A);
  }
  for (const d of z.dnames) {
    for (const t of [RRType.A, RRType.DNAME, RRType.CNAME]) add("dname", d, t);
    // CNAME below a DNAME: the DNAME and the synthesized CNAME, the target not chased (issue 14).
    for (const p of ["www.", "a.b.", "mail.", "x.y.z."])
      for (const t of [RRType.A, RRType.AAAA, RRType.MX, RRType.CNAME]) add("dname", `${p}${d}`, t);
    add("dname", randomCase(`www.${d}`, rnd), RRType.A);
  }
  return out;
}

/** Queries outside every served zone, and of another class: REFUSED from both. */
export function outsideQueries(origins: string[]): GeneratedQuery[] {
  const q = (category: Category, name: string, type: number, qclass?: number): GeneratedQuery => ({
    category,
    name,
    type,
    qclass,
    rd: false,
    edns: {},
    transport: "udp",
  });
  const first = origins[0]!;
  const parent = first.slice(first.indexOf(".") + 1);
  return [
    q("out-of-zone", "example.org.", RRType.A),
    q("out-of-zone", "www.example.com.", RRType.AAAA),
    q("out-of-zone", ".", RRType.NS),
    q("out-of-zone", ".", RRType.SOA),
    q("out-of-zone", parent, RRType.SOA),
    q("out-of-zone", `not-served.${parent}`, RRType.A),
    q("out-of-zone", `x${first}`, RRType.A),
    q("out-of-zone", "localhost.", RRType.A),
    q("out-of-zone", "EXAMPLE.ORG.", RRType.MX),
    q("class", first, RRType.SOA, 3),
    q("class", `www.${first}`, RRType.A, 4),
    q("class", first, RRType.SOA, 254),
    q("class", `www.${first}`, RRType.A, 255),
  ];
}

/** Wire variations: every third query without EDNS, every fourth over TCP, RD set on odd ones. */
export function vary(queries: GeneratedQuery[]): GeneratedQuery[] {
  return queries.map((q, i) => ({
    ...q,
    rd: i % 2 === 1,
    edns: i % 3 === 2 ? false : q.edns,
    // ANY over TCP would be legitimately fuller; RFC 8482 is about UDP, so ANY stays on UDP.
    transport: i % 4 === 3 && q.type !== RRType.ANY ? "tcp" : q.transport,
  }));
}

/** EDNS options and opcodes where servers may legitimately differ (see allow-list.ts). */
export function ednsExtraQueries(origin: string): GeneratedQuery[] {
  const q = (name: string, type: number, options: Array<[number, Uint8Array]>, extra: Partial<GeneratedQuery> = {}): GeneratedQuery => ({
    category: "edns-extras",
    name,
    type,
    rd: true,
    edns: { options },
    transport: "udp",
    ...extra,
  });
  const www = `www.${origin}`;
  return [
    q(www, RRType.A, [[3, new Uint8Array(0)]]), // NSID asked, none configured on either side
    q(www, RRType.A, [[65001, new Uint8Array([1, 2, 3])]]), // unknown option: ignored
    q(www, RRType.A, [[8, new Uint8Array([0, 1, 24, 0, 192, 0, 2])]]), // valid ECS /24
    q(www, RRType.A, [[8, new Uint8Array([0, 1, 33, 0, 192, 0, 2, 1, 1])]]), // ECS prefix > 32
    q(www, RRType.A, [[8, new Uint8Array([0, 1, 24, 0, 192, 0, 2, 1])]]), // ECS extra octet
    q(www, RRType.A, [[8, new Uint8Array([0, 1, 24, 8, 192, 0, 2])]]), // ECS scope != 0 in a query
    q(www, RRType.A, [[8, new Uint8Array([0, 1, 20, 0, 192, 0, 0x2f])]]), // ECS bits set past the prefix
    q(www, RRType.AAAA, [[8, new Uint8Array([0, 2, 48, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 1])]]), // valid ECS IPv6 /48
    q(www, RRType.A, [[8, new Uint8Array([0, 1, 0, 0])]]), // ECS /0 (RFC 7871 7.1.2)
    q(`nx.${origin}`, RRType.A, [[8, new Uint8Array([0, 1, 24, 0, 198, 51, 100])]]), // ECS on NXDOMAIN
    q(www, RRType.A, [[10, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]]), // client cookie only
    q(www, RRType.A, [[10, new Uint8Array([1, 2, 3, 4, 5])]]), // cookie too short
    q(www, RRType.A, [], { edns: { dnssecOk: true } }), // DO on an unsigned zone: echoed, no RRSIGs
    q(`nx.${origin}`, RRType.A, [], { edns: { dnssecOk: true } }),
    q(www, RRType.A, [], { opcode: 1 }), // IQUERY (obsolete): NOTIMP
    q(www, RRType.A, [], { opcode: 2 }), // STATUS: NOTIMP
    q(origin, RRType.SOA, [], { opcode: 5, edns: false }), // UPDATE: Knot implements it, we do not
    q("version.bind.", RRType.TXT, [], { qclass: 3 }), // CHAOS, hidden on both by default
    q("id.server.", RRType.TXT, [], { qclass: 3 }),
  ];
}
