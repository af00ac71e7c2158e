import { RRType, type MXData, type NameTargetData, type Name, type RData, type SRVData } from "@dnsteer/wire";
import type { RRset } from "@dnsteer/zone";

/**
 * Names whose addresses belong in the additional section for one record: NS and MX
 * (RFC 1034 3.6, RFC 1035 3.3.9/3.3.11) and SRV (RFC 2782). This mirrors the codecs'
 * `additionalNames`, read straight from the parsed data so lookup needs no codec registry.
 */
function namesOf(type: number, data: RData): Name[] {
  switch (type) {
    case RRType.NS:
      return [(data as NameTargetData).target];
    case RRType.MX:
      return [(data as MXData).exchange];
    case RRType.SRV:
      return [(data as SRVData).target];
    default:
      return [];
  }
}

/** Target names of an RRset in record order, without repeats; "." (no service) is skipped. */
export function additionalNames(rrset: RRset): Name[] {
  const out: Name[] = [];
  for (const data of rrset.rdata) {
    for (const name of namesOf(rrset.type, data)) if (name !== "." && !out.includes(name)) out.push(name);
  }
  return out;
}
