// TEMPORARY zone-text builder until @dnsteer/zone's parseZone/ZoneSet land; to be replaced by them.
import { isSubdomain, parentName, parseName, RRClass, RRType, rdataFromText, typeFromString, type Name, type RDataToken } from "@dnsteer/wire";
import type { RRset, Zone, ZoneNode } from "@dnsteer/zone";
import type { ZoneFinder } from "../../src/index.js";

function tokens(line: string): RDataToken[] {
  const out: RDataToken[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? { text: m[1], quoted: true } : { text: m[2]!, quoted: false });
  return out;
}

export function parseZoneScratch(text: string, origin: Name): Zone {
  let ttl = 3600;
  let owner = origin;
  const nodes = new Map<Name, ZoneNode>();
  const node = (n: Name) => {
    let x = nodes.get(n);
    if (!x) nodes.set(n, (x = { name: n, rrsets: new Map() }));
    return x;
  };
  node(origin);
  for (const raw of text.split("\n")) {
    const line = raw.replace(/;.*$/, "");
    if (line.trim() === "") continue;
    const t = tokens(line);
    if (t[0]!.text === "$TTL") { ttl = Number(t[1]!.text); continue; }
    if (!/^\s/.test(line)) { owner = t[0]!.text === "@" ? origin : parseName(t[0]!.text, origin); t.shift(); }
    let rttl = ttl;
    if (/^\d+$/.test(t[0]!.text)) rttl = Number(t.shift()!.text);
    if (t[0]!.text === "IN") t.shift();
    const type = typeFromString(t.shift()!.text)!;
    const data = rdataFromText(type, t, origin);
    const n = node(owner);
    const set = n.rrsets.get(type);
    if (set) set.rdata.push(data);
    else n.rrsets.set(type, { name: owner, type, class: RRClass.IN, ttl: rttl, rdata: [data] });
    for (let p = owner; p !== origin; p = parentName(p)) node(p);
  }
  const cuts = new Set([...nodes.values()].filter((n) => n.name !== origin && n.rrsets.has(RRType.NS)).map((n) => n.name));
  return { origin, class: RRClass.IN, soa: nodes.get(origin)!.rrsets.get(RRType.SOA) as RRset, nodes, cuts };
}

export function serve(texts: Record<Name, string>): ZoneFinder {
  const zones = Object.entries(texts).map(([o, t]) => parseZoneScratch(t, o));
  return {
    find(q: Name) {
      let best: Zone | undefined;
      for (const z of zones) if (isSubdomain(q, z.origin) && (!best || z.origin.length > best.origin.length)) best = z;
      return best;
    },
  };
}
