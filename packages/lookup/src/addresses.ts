import { RRType } from "@dnsteer/wire";
import type { RRset, ZoneNode } from "@dnsteer/zone";

/** A then AAAA of a node, the two types additional processing looks for. */
export function addressRRsets(node: ZoneNode): RRset[] {
  const out: RRset[] = [];
  for (const type of [RRType.A, RRType.AAAA]) {
    const rrset = node.rrsets.get(type);
    if (rrset !== undefined) out.push(rrset);
  }
  return out;
}
