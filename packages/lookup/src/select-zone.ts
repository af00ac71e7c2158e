import { type Name, parentName, ROOT, RRClass, RRType } from "@dnsteer/wire";
import type { Zone } from "@dnsteer/zone";
import type { ZoneFinder } from "./types.js";

/**
 * The zone that answers `qname`/`qtype`, or undefined (REFUSED).
 *
 * DS lives on the parent side of a cut (RFC 4035 3.1.4.1), so when we also serve the parent of
 * a zone, a DS query for the child's apex goes to the parent (Knot does the same by dropping
 * the leftmost label before picking the zone). Unlike Knot we do so only when the parent
 * really delegates the name: otherwise the parent would deny that the child's apex exists.
 */
export function selectZone(zones: ZoneFinder, qname: Name, qtype: number): Zone | undefined {
  if (qtype === RRType.DS && qname !== ROOT) {
    const parent = zones.find(parentName(qname));
    if (parent?.cuts.has(qname)) return parent;
  }
  return zones.find(qname);
}

/** QCLASS ANY matches any zone (RFC 1035 3.2.5); otherwise the classes must agree. */
export function classMatches(zone: Zone, qclass: number): boolean {
  return qclass === RRClass.ANY || qclass === zone.class;
}
