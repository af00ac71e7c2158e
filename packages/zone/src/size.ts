import {
  hasTypedCodec,
  type Name,
  nameWireLength,
  type RData,
  RRType,
  rdataToWire,
  type TXTData,
  type UnknownData,
  WireError,
} from "@dnsteer/wire";
import type { RRset } from "./types.js";

/** RDLENGTH is 16 bits. */
export const MAX_RDATA_OCTETS = 65535;
/** TCP's length prefix, and so the largest DNS message (RFC 1035 4.2.2). */
const MAX_MESSAGE_OCTETS = 65535;
/** Type, class, TTL and RDLENGTH of one record. */
const RR_FIXED_OCTETS = 10;
/** An owner written as a compression pointer to the question. */
const POINTER_OCTETS = 2;
/** Header (12), QTYPE and QCLASS (4), and an OPT record with no options (11). */
const MESSAGE_OVERHEAD = 12 + 4 + 11;

/** Largest RDATA of types whose fields are all bounded; the other types are measured. */
const MAX_FIXED_RDATA = new Map<number, number>([
  [RRType.A, 4],
  [RRType.AAAA, 16],
  [RRType.NS, 255],
  [RRType.CNAME, 255],
  [RRType.DNAME, 255],
  [RRType.PTR, 255],
  [RRType.MX, 2 + 255],
  [RRType.SRV, 6 + 255],
  [RRType.SOA, 255 + 255 + 20],
]);

/** True when every record of `type` is small enough that its RDATA need not be measured. */
export function hasBoundedRdata(type: number): boolean {
  return MAX_FIXED_RDATA.has(type);
}

/** Uncompressed RDATA length; over MAX_RDATA_OCTETS means the record cannot be written at all. */
export function rdataOctets(type: number, data: RData): number {
  if (type === RRType.A) return 4;
  if (type === RRType.AAAA) return 16;
  if (type === RRType.TXT) {
    let n = 0;
    for (const s of (data as TXTData).strings) n += 1 + s.length;
    return n;
  }
  if (!hasTypedCodec(type)) return (data as UnknownData).raw.length;
  try {
    return rdataToWire(type, data).length;
  } catch (e) {
    // The writer refuses to grow past 65535 octets: the RDATA alone is that large.
    if (e instanceof WireError && e.code === "NO_SPACE") return MAX_RDATA_OCTETS + 1;
    throw e;
  }
}

/**
 * The rule for an RRset that can be served: a response carrying only this RRset must fit in
 * 65535 octets with the header, the question for the owner (for a wildcard owner, the longest
 * name a query could have: 255 octets), each owner as a 2-octet pointer to the question, RDATA
 * uncompressed, and an OPT record without options. An RRset over that could never be sent, even
 * over TCP; one under it may still need TC over UDP, which the server sets.
 *
 * Returns the octets such a response needs, or undefined when it surely fits (the common case,
 * decided from the record count without measuring).
 */
export function oversizedResponse(set: RRset): number | undefined {
  const perRecord = POINTER_OCTETS + RR_FIXED_OCTETS;
  const fixed = MAX_FIXED_RDATA.get(set.type);
  // Decided without measuring the owner when even a 255-octet question leaves room.
  if (fixed !== undefined && MESSAGE_OVERHEAD + 255 + set.rdata.length * (perRecord + fixed) <= MAX_MESSAGE_OCTETS) return undefined;
  const overhead = MESSAGE_OVERHEAD + questionOctets(set.name);
  if (fixed !== undefined && overhead + set.rdata.length * (perRecord + fixed) <= MAX_MESSAGE_OCTETS) return undefined;
  let total = overhead;
  for (const d of set.rdata) total += perRecord + rdataOctets(set.type, d);
  return total > MAX_MESSAGE_OCTETS ? total : undefined;
}

function questionOctets(owner: Name): number {
  return owner.startsWith("*.") ? 255 : nameWireLength(owner);
}
