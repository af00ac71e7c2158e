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
