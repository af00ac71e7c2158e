import { type Name, RRType, typeToString } from "@dnsteer/wire";
import type { ZoneErrorCode } from "./errors.js";
import { parentOf } from "./names.js";
import type { RRset, ZoneNode } from "./types.js";

/** What is wrong, before it is placed at a file:line. */
export interface Fault {
  code: ZoneErrorCode;
  what: string;
}

/** Types DNSSEC allows next to a CNAME (RFC 4035 2.5, RFC 2181 10.1). */
const CNAME_COMPANIONS = new Set<number>([RRType.CNAME, RRType.RRSIG, RRType.NSEC]);
/** What may sit at a delegation point: the cut itself, DNSSEC, and glue for in-domain servers. */
const AT_CUT = new Set<number>([RRType.NS, RRType.DS, RRType.RRSIG, RRType.NSEC, RRType.A, RRType.AAAA]);
const GLUE = new Set<number>([RRType.A, RRType.AAAA]);

/**
 * Rules a new RRset at `node` can break (RFC 2181 10.1, RFC 6672 2.3, RFC 1035 SOA), checked
 * as the record is read, so the fault is reported at the record that made it visible.
 */
export function conflictOnNewType(node: ZoneNode, type: number, origin: Name): Fault | undefined {
  if (type === RRType.SOA && node.name !== origin) {
    return { code: "SOA_NOT_AT_APEX", what: `SOA at ${node.name}, not at the zone apex ${origin}` };
  }
  if (node.rrsets.size === 0) return undefined;
  if (node.rrsets.has(RRType.CNAME) && !CNAME_COMPANIONS.has(type)) return cnameBeside(node.name, type);
  if (type === RRType.CNAME) {
    for (const other of node.rrsets.keys()) if (!CNAME_COMPANIONS.has(other)) return cnameBeside(node.name, other);
  }
  const dnameBesideNs = (type === RRType.DNAME && node.rrsets.has(RRType.NS)) || (type === RRType.NS && node.rrsets.has(RRType.DNAME));
  if (dnameBesideNs && node.name !== origin) {
    return { code: "DNAME_CONFLICT", what: `DNAME and NS at ${node.name}: only the apex may have both (RFC 6672 2.3)` };
  }
  return undefined;
}

/** Rules a second distinct record in `set` breaks: one SOA, one CNAME, one DNAME per name. */
export function conflictOnNewRecord(set: RRset): Fault | undefined {
  if (set.type === RRType.SOA) return { code: "MULTIPLE_SOA", what: `more than one SOA record at ${set.name}` };
  if (set.type === RRType.CNAME) return { code: "CNAME_CONFLICT", what: `more than one CNAME at ${set.name}` };
  if (set.type === RRType.DNAME) return { code: "DNAME_CONFLICT", what: `more than one DNAME at ${set.name}` };
  return undefined;
}

function cnameBeside(name: Name, other: number): Fault {
  return { code: "CNAME_CONFLICT", what: `CNAME and ${typeToString(other)} at ${name}: a CNAME cannot have other data` };
}

/**
 * Data the server could never return: at or below a delegation (except what belongs there, and
 * glue) or below a DNAME (RFC 6672 2.3). Knot reports the same; rejecting it catches typos in
 * owner names.
 */
export function checkOcclusion(
  set: RRset,
  nodes: Map<Name, ZoneNode>,
  cuts: Set<Name>,
  origin: Name,
  hasDnames: boolean,
): Fault | undefined {
  const { name, type } = set;
  if (cuts.has(name) && !AT_CUT.has(type)) {
    return { code: "OCCLUDED", what: `${typeToString(type)} at ${name} is occluded by the delegation there` };
  }
  for (let up = name; up !== origin; ) {
    up = parentOf(up);
    if (hasDnames && nodes.get(up)?.rrsets.has(RRType.DNAME)) {
      return { code: "OCCLUDED", what: `${name} is occluded by the DNAME at ${up}` };
    }
    if (cuts.has(up) && !GLUE.has(type)) {
      return {
        code: "OCCLUDED",
        what: `${typeToString(type)} at ${name} is below the delegation at ${up} (only A/AAAA glue may be there)`,
      };
    }
  }
  return undefined;
}
