import { decodeMessage, type RR, RRType } from "@dnsteer/wire";
import { frame, tcpExchange } from "../client.js";
import type { Target } from "./client.js";
import { encodeQuery } from "./query.js";

/**
 * What a zone holds, read back from Knot by AXFR: queries are generated from what the reference
 * server actually loaded, not from dnsteer's parser (the code under test).
 */
export interface ZoneModel {
  origin: string;
  rrs: RR[];
  /** owner -> type -> records, canonical names. */
  byOwner: Map<string, Map<number, RR[]>>;
  /** Owners with records, apex first, excluding names occluded below a cut or DNAME. */
  owners: string[];
  /** Names with no records but with descendants (RFC 4592 2.2.2). */
  ents: string[];
  /** Delegation points (NS below the apex). */
  cuts: string[];
  /** Owners below a cut (glue) or below a DNAME: never answered authoritatively. */
  occluded: string[];
  wildcards: string[];
  cnames: string[];
  dnames: string[];
}

export async function transferZone(knot: Target, origin: string): Promise<RR[]> {
  const msg = encodeQuery({ category: "apex", name: origin, type: RRType.AXFR, rd: false, edns: false, transport: "tcp" }, 4242);
  let soaSeen = 0;
  const rrs: RR[] = [];
  await tcpExchange(
    knot,
    [frame(msg)],
    (frames) => {
      const m = decodeMessage(frames[frames.length - 1]!);
      if (m.rcode !== 0) throw new Error(`AXFR ${origin} from ${knot.label}: rcode ${m.rcode} (is allowTransfer set?)`);
      for (const rr of m.answer) {
        if (rr.type === RRType.SOA) soaSeen++;
        if (!(rr.type === RRType.SOA && soaSeen === 2)) rrs.push(rr);
      }
      return soaSeen >= 2;
    },
    5000,
  );
  if (soaSeen < 2) throw new Error(`AXFR ${origin} from ${knot.label}: incomplete (${rrs.length} records)`);
  return rrs;
}

export function parentOf(name: string): string {
  const i = name.search(/(?<!\\)\./);
  return i < 0 || i === name.length - 1 ? "." : name.slice(i + 1);
}

function isBelow(name: string, ancestor: string): boolean {
  return name !== ancestor && name.endsWith(`.${ancestor}`);
}

export function buildModel(origin: string, rrs: RR[]): ZoneModel {
  const byOwner = new Map<string, Map<number, RR[]>>();
  for (const rr of rrs) {
    const types = byOwner.get(rr.name) ?? new Map<number, RR[]>();
    types.set(rr.type, [...(types.get(rr.type) ?? []), rr]);
    byOwner.set(rr.name, types);
  }
  const all = [...byOwner.keys()];
  const has = (n: string, t: number) => byOwner.get(n)?.has(t) ?? false;
  const cuts = all.filter((n) => n !== origin && has(n, RRType.NS));
  const dnames = all.filter((n) => has(n, RRType.DNAME));
  const occluded = all.filter((n) => cuts.some((c) => isBelow(n, c)) || dnames.some((d) => isBelow(n, d)));

  const owners = [origin, ...all.filter((n) => n !== origin && !occluded.includes(n)).sort()];
  const ents = new Set<string>();
  for (const n of all) {
    for (let p = parentOf(n); isBelow(p, origin); p = parentOf(p)) if (!byOwner.has(p)) ents.add(p);
  }
  const hidden = (n: string) => cuts.some((c) => isBelow(n, c)) || dnames.some((d) => isBelow(n, d));
  return {
    origin,
    rrs,
    byOwner,
    owners,
    ents: [...ents].filter((n) => !hidden(n)).sort(),
    cuts,
    occluded,
    wildcards: owners.filter((n) => n.startsWith("*.")),
    cnames: owners.filter((n) => has(n, RRType.CNAME)),
    dnames: owners.filter((n) => has(n, RRType.DNAME)),
  };
}
