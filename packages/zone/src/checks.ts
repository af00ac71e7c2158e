import { RRType, isSubdomain, parentName, typeToString, type Name } from "@dnsteer/wire";
import type { SourcedSet } from "./build.js";
import { ZoneError, type ZoneErrorCode } from "./errors.js";
import type { SourceRecord } from "./record.js";
import type { RRset } from "./types.js";

type Sets = Map<Name, Map<number, SourcedSet>>;

/** Types DNSSEC allows next to a CNAME (RFC 4035 2.5, RFC 2181 10.1). */
const CNAME_COMPANIONS = new Set<number>([RRType.CNAME, RRType.RRSIG, RRType.NSEC]);
/** What may sit at a delegation point: the cut itself, DNSSEC, and glue for in-domain servers. */
const AT_CUT = new Set<number>([RRType.NS, RRType.DS, RRType.RRSIG, RRType.NSEC, RRType.A, RRType.AAAA]);
const GLUE = new Set<number>([RRType.A, RRType.AAAA]);

const fail = (code: ZoneErrorCode, at: SourceRecord, what: string) => new ZoneError(code, at.file, at.line, what);

/** Zone-level rules (RFC 1035, 2181, 6672 and Knot's semantic checks); returns the SOA and the cuts. */
export function checkZone(sets: Sets, origin: Name, records: SourceRecord[], file: string): { soa: RRset; cuts: Set<Name> } {
  const soa = checkApex(sets, origin, records, file);
  for (const byType of sets.values()) checkNode(byType, origin);
  const cuts = new Set<Name>();
  for (const [name, byType] of sets) if (name !== origin && byType.has(RRType.NS)) cuts.add(name);
  checkOcclusion(sets, origin, cuts);
  return { soa, cuts };
}

function checkApex(sets: Sets, origin: Name, records: SourceRecord[], file: string): RRset {
  const misplaced = records.find((r) => r.type === RRType.SOA && r.name !== origin);
  if (misplaced) throw fail("SOA_NOT_AT_APEX", misplaced, `SOA at ${misplaced.name}, not at the zone apex ${origin}`);
  const apex = sets.get(origin);
  const soa = apex?.get(RRType.SOA);
  if (!soa) {
    // Point at the first record: that is where the SOA should have been.
    throw new ZoneError("NO_SOA", records[0]?.file ?? file, records[0]?.line ?? 1, `zone ${origin} has no SOA record`);
  }
  if (soa.sources.length > 1) throw fail("MULTIPLE_SOA", soa.sources[1]!, `more than one SOA record at ${origin}`);
  if (!apex!.has(RRType.NS)) throw fail("NO_APEX_NS", soa.sources[0]!, `zone ${origin} has no NS records at the apex`);
  return soa.rrset;
}

/** The later of two records, which is where the conflict became visible to someone reading the file. */
function later(a: SourceRecord, b: SourceRecord): SourceRecord {
  return a.index > b.index ? a : b;
}

function checkNode(byType: Map<number, SourcedSet>, origin: Name): void {
  const cname = byType.get(RRType.CNAME);
  if (cname) {
    if (cname.sources.length > 1) throw fail("CNAME_CONFLICT", cname.sources[1]!, `more than one CNAME at ${cname.rrset.name}`);
    for (const [type, other] of byType) {
      if (CNAME_COMPANIONS.has(type)) continue;
      const at = later(cname.sources[0]!, other.sources[0]!);
      throw fail("CNAME_CONFLICT", at, `CNAME and ${typeToString(type)} at ${cname.rrset.name}: a CNAME cannot have other data`);
    }
  }
  const dname = byType.get(RRType.DNAME);
  if (dname) {
    if (dname.sources.length > 1) throw fail("DNAME_CONFLICT", dname.sources[1]!, `more than one DNAME at ${dname.rrset.name}`);
    const ns = byType.get(RRType.NS);
    if (ns && dname.rrset.name !== origin) {
      throw fail("DNAME_CONFLICT", later(dname.sources[0]!, ns.sources[0]!), `DNAME and NS at ${dname.rrset.name}: only the apex may have both (RFC 6672 2.3)`);
    }
  }
}

/**
 * Data the server could never return: below a delegation (except glue) or below a DNAME
 * (RFC 6672 2.3). Knot reports the same; rejecting it catches typos in owner names.
 */
function checkOcclusion(sets: Sets, origin: Name, cuts: Set<Name>): void {
  for (const [name, byType] of sets) {
    for (const [type, set] of byType) {
      if (cuts.has(name) && !AT_CUT.has(type)) {
        throw fail("OCCLUDED", set.sources[0]!, `${typeToString(type)} at ${name} is occluded by the delegation there`);
      }
    }
    for (let up = name; up !== origin && isSubdomain(up, origin); ) {
      up = parentName(up);
      const above = sets.get(up);
      if (above?.has(RRType.DNAME)) {
        const set = byType.values().next().value!;
        throw fail("OCCLUDED", set.sources[0]!, `${name} is occluded by the DNAME at ${up}`);
      }
      if (cuts.has(up)) {
        for (const [type, set] of byType) {
          if (!GLUE.has(type)) throw fail("OCCLUDED", set.sources[0]!, `${typeToString(type)} at ${name} is below the delegation at ${up} (only A/AAAA glue may be there)`);
        }
      }
    }
  }
}
