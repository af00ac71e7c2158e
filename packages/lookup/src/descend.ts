import { type Name, RRType } from "@dnsteer/wire";
import type { Zone, ZoneNode } from "@dnsteer/zone";
import { pathFromOrigin } from "./path.js";

/** Where the descent from the apex towards a name stopped (RFC 1034 4.3.2 step 3). */
export type Descent =
  /** The name exists (possibly as an empty non-terminal). */
  | { kind: "found"; node: ZoneNode }
  /** A zone cut at or above the name: the data below it is not ours. */
  | { kind: "cut"; cut: ZoneNode }
  /** A DNAME strictly above the name redirects the whole subtree (RFC 6672 2.3). */
  | { kind: "dname"; owner: ZoneNode }
  /** The name does not exist; `closestEncloser` is its deepest existing ancestor (RFC 4592 3.3.1). */
  | { kind: "missing"; closestEncloser: ZoneNode };

/**
 * Walk from the apex down to `name`, stopping at the first cut or DNAME on the way.
 * `cutIsParentData` is set for DS queries: at the cut itself the parent side answers
 * (RFC 4035 3.1.4.1), so a cut exactly at `name` does not stop the walk.
 */
export function descend(zone: Zone, name: Name, cutIsParentData: boolean): Descent {
  const path = pathFromOrigin(name, zone.origin);
  // A loaded zone always has its apex (it holds the SOA); the fallback only keeps lookup total.
  let encloser: ZoneNode = zone.nodes.get(zone.origin) ?? { name: zone.origin, rrsets: new Map() };
  for (let i = 0; i < path.length; i++) {
    const at = path[i]!;
    const node = i === 0 ? encloser : zone.nodes.get(at);
    if (node === undefined) return { kind: "missing", closestEncloser: encloser };
    encloser = node;
    const isTarget = at === name;
    if (i > 0 && zone.cuts.has(at) && !(isTarget && cutIsParentData)) return { kind: "cut", cut: node };
    if (!isTarget && node.rrsets.has(RRType.DNAME)) return { kind: "dname", owner: node };
  }
  return { kind: "found", node: encloser };
}
