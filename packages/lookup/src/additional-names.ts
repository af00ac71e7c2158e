import { codecFor, type MXData, type Name, type NameTargetData, type RData, RRType, type SRVData } from "@dnsteer/wire";
import type { RRset } from "@dnsteer/zone";

/**
 * Names whose addresses belong in the additional section for one record. The codec knows
 * (NS, MX, SRV, SVCB/HTTPS); the field fallback covers NS (RFC 1034 3.6), MX (RFC 1035 3.3.9)
 * and SRV (RFC 2782) should a codec ever lack the hook.
 */
function namesOf(type: number, data: RData): Name[] {
  const fromCodec = codecFor(type).additionalNames?.(data);
  if (fromCodec !== undefined) return fromCodec;
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
