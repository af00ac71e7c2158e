import type { Name } from "@dnsteer/wire";
import type { RRset, Zone } from "@dnsteer/zone";

/**
 * What the lookup found, as an explicit control-flow value (hickory style), not a magic rcode:
 * - answer:   records for the name and type (possibly after CNAME/DNAME chasing)
 * - nodata:   the name exists, the type does not (NOERROR, SOA in authority)
 * - nxdomain: the name does not exist (NXDOMAIN, SOA in authority)
 * - referral: the name is at or below a zone cut (NOERROR, AA clear, NS in authority, glue)
 * - refused:  no served zone contains the name, or the class is not served
 */
export type LookupKind = "answer" | "nodata" | "nxdomain" | "referral" | "refused";

export interface LookupResult {
  kind: LookupKind;
  /** RCODE to send: NOERROR, NXDOMAIN (also after a CNAME chain ending in a missing name), REFUSED. */
  rcode: number;
  /** Authoritative Answer bit: set for data from our zones, clear on referrals and REFUSED. */
  aa: boolean;
  answer: RRset[];
  authority: RRset[];
  additional: RRset[];
  /** The zone that answered, when one did. */
  zone?: Zone;
}

/** Sources of zone data a lookup reads; implemented by ZoneSet in @dnsteer/zone. */
export interface ZoneFinder {
  /** The zone whose origin is the longest suffix of `qname`, if any. */
  find(qname: Name): Zone | undefined;
}
