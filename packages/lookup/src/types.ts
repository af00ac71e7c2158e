import type { Name } from "@dnsteer/wire";
import type { RRset, Zone } from "@dnsteer/zone";

/**
 * What the lookup found, as an explicit control-flow value (hickory style), not a magic rcode:
 * - answer:   records for the name and type (possibly after CNAME/DNAME chasing)
 * - nodata:   the name exists, the type does not (NOERROR, SOA in authority)
 * - nxdomain: the name does not exist (NXDOMAIN, SOA in authority)
 * - referral: the name is at or below a zone cut (NOERROR, AA clear, NS in authority, glue)
 * - refused:  no served zone contains the name, or the class is not served
 *
 * After a CNAME/DNAME chain the kind is that of the chain's last step, so "referral" can come
 * with CNAMEs in the answer: AA is then set, the CNAMEs being ours (as in Knot and BIND).
 * A DNAME rewrite that overflows 255 octets is kind "answer" with rcode YXDOMAIN (6).
 */
export type LookupKind = "answer" | "nodata" | "nxdomain" | "referral" | "refused";

export interface LookupResult {
  kind: LookupKind;
  /**
   * RCODE to send: NOERROR, NXDOMAIN (also after a CNAME chain ending in a missing name), REFUSED,
   * or YXDOMAIN (6, RFC 6672 2.2) when a DNAME substitution would be too long.
   */
  rcode: number;
  /** Authoritative Answer bit: set for data from our zones, clear on referrals and REFUSED. */
  aa: boolean;
  answer: RRset[];
  authority: RRset[];
  additional: RRset[];
  /**
   * On referrals: the part of `additional` that is in-domain glue (at or below the cut). RFC 9471
   * requires it (set TC rather than drop it); sibling and other glue may be left out to fit.
   */
  inDomainGlue?: RRset[];
  /** The zone that answered, when one did. */
  zone?: Zone;
}

/** Sources of zone data a lookup reads; implemented by ZoneSet in @dnsteer/zone. */
export interface ZoneFinder {
  /** The zone whose origin is the longest suffix of `qname`, if any. */
  find(qname: Name): Zone | undefined;
}
