import { isSubdomain } from "@dnsteer/wire";
import type { RRset, Zone } from "@dnsteer/zone";
import { additionalNames } from "./additional-names.js";
import { addressRRsets } from "./addresses.js";

/**
 * Glue for a delegation's NS RRset (RFC 1034 4.2.1 and 4.3.2 step 3.b): addresses of the NS
 * targets this zone holds, whether below this cut (in-bailiwick), below another cut of the
 * same zone (sibling glue, which resolvers need to avoid a chicken-and-egg lookup), or plain
 * authoritative data of the zone. Targets in other zones are left to the resolver.
 */
export function glueFor(zone: Zone, ns: RRset): RRset[] {
  const glue: RRset[] = [];
  for (const target of additionalNames(ns)) {
    const node = zone.nodes.get(target);
    if (node !== undefined) glue.push(...addressRRsets(node));
  }
  return glue;
}

/** Glue plus the in-domain part of it (at or below the cut), which RFC 9471 2.1 makes mandatory. */
export function referralGlue(zone: Zone, ns: RRset): { glue: RRset[]; inDomainGlue: RRset[] } {
  const glue = glueFor(zone, ns);
  return { glue, inDomainGlue: glue.filter((rrset) => isSubdomain(rrset.name, ns.name)) };
}
