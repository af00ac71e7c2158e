import { type Name, ROOT } from "@dnsteer/wire";
import type { Zone, ZoneNode } from "@dnsteer/zone";

/** The owner `*.<closest encloser>`: the only possible source of synthesis (RFC 4592 3.3.1). */
export function wildcardName(closestEncloser: Name): Name {
  return closestEncloser === ROOT ? "*." : `*.${closestEncloser}`;
}

/**
 * The source of synthesis for a name that does not exist, if any. Only the wildcard directly
 * below the closest encloser counts, so any existing name (ENTs included) between the
 * wildcard and the query name blocks it: the closest encloser would then be that name.
 */
export function findWildcard(zone: Zone, closestEncloser: ZoneNode): ZoneNode | undefined {
  return zone.nodes.get(wildcardName(closestEncloser.name));
}
