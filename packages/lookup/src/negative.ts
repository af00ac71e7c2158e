import type { SOAData } from "@dnsteer/wire";
import type { RRset, Zone } from "@dnsteer/zone";

/**
 * The SOA for the authority section of NXDOMAIN/NODATA: its TTL is the smaller of the SOA's
 * own TTL and its MINIMUM field, which is how long resolvers may cache the negative answer
 * (RFC 2308 3 and 5).
 */
export function negativeSoa(zone: Zone): RRset {
  const soa = zone.soa;
  const minimum = (soa.rdata[0] as SOAData | undefined)?.minimum ?? soa.ttl;
  const ttl = Math.min(soa.ttl, minimum);
  return ttl === soa.ttl ? soa : { ...soa, ttl };
}
