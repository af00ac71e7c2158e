import { type Name, type NameTargetData, RRType } from "@dnsteer/wire";
import type { RRset, ZoneNode } from "@dnsteer/zone";

/** What a node says about one query type, before any chasing. */
export type NodeAnswer =
  | { kind: "answer"; rrsets: RRset[] }
  /** A CNAME stands in for every type (RFC 1034 3.6.2); `target` is where to restart. */
  | { kind: "cname"; rrset: RRset; target: Name }
  | { kind: "nodata" };

/**
 * Answer `qtype` from one node (RFC 1034 4.3.2 step 3.a). `owner` renames the RRsets, which is
 * how wildcard synthesis (RFC 4592 3.3.1) reuses the same rules with the query name as owner.
 */
export function answerFromNode(node: ZoneNode, qtype: number, owner: Name = node.name): NodeAnswer {
  const rename = (r: RRset): RRset => (r.name === owner ? r : { ...r, name: owner });
  if (qtype === RRType.ANY) {
    const all = [...node.rrsets.values()].map(rename);
    return all.length > 0 ? { kind: "answer", rrsets: all } : { kind: "nodata" };
  }
  const exact = node.rrsets.get(qtype);
  if (exact !== undefined) return { kind: "answer", rrsets: [rename(exact)] };
  const cname = node.rrsets.get(RRType.CNAME);
  if (cname !== undefined && cname.rdata.length > 0) {
    const target = (cname.rdata[0] as NameTargetData).target;
    return { kind: "cname", rrset: rename(cname), target };
  }
  return { kind: "nodata" };
}
