import type { RR, SOAData } from "@dnsteer/wire";

/** One serial change of a zone (RFC 1995 4): what went away and what came in between two SOAs. */
export interface Delta {
  /** The SOA before (its serial is `fromSerial`) and after. */
  from: RR<SOAData>;
  to: RR<SOAData>;
  /** Records (never the SOA) removed and added, one RR each. */
  removed: RR[];
  added: RR[];
}

export const serialOf = (soa: RR<SOAData>): number => soa.data.serial;
