import { type Name, RRType } from "@dnsteer/wire";
import type { RRset, Zone } from "@dnsteer/zone";
import { additionalNames } from "./additional-names.js";
import { addressRRsets } from "./addresses.js";
import { descend } from "./descend.js";
import type { ZoneFinder } from "./types.js";

/**
 * Addresses for the NS/MX/SRV targets of positive answer data (RFC 1034 3.6, RFC 2782), taken
 * only from the answering zone itself, as Knot does: another zone we happen to serve is not
 * this answer's to vouch for (and a resolver re-queries anyway). Data at or below a cut is not ours to vouch for, so it is used only
 * as glue, i.e. for NS targets; a target behind a DNAME is occluded and skipped. No wildcard
 * synthesis and no CNAME chasing here: additional data is a hint, and resolvers re-query.
 */
export function additionalFor(zones: ZoneFinder, answering: Zone, rrsets: readonly RRset[]): RRset[] {
  const out: RRset[] = [];
  for (const rrset of rrsets) {
    for (const target of additionalNames(rrset)) out.push(...addressesOf(zones, answering, target, rrset.type === RRType.NS));
  }
  return out;
}

function addressesOf(zones: ZoneFinder, answering: Zone, target: Name, asGlue: boolean): RRset[] {
  const zone = zones.find(target);
  if (zone !== answering) return [];
  const where = descend(zone, target, false);
  if (where.kind === "found") return addressRRsets(where.node);
  if (where.kind === "cut" && asGlue) {
    const node = zone.nodes.get(target);
    return node === undefined ? [] : addressRRsets(node);
  }
  return [];
}
