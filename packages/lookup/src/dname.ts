import { type Name, type NameTargetData, RRType, replaceSuffix, WireError } from "@dnsteer/wire";
import type { RRset, ZoneNode } from "@dnsteer/zone";

export type DnameOutcome =
  /** The DNAME plus the CNAME synthesized from it; restart at `target` (RFC 6672 3.1). */
  | { kind: "redirect"; dname: RRset; cname: RRset; target: Name }
  /** The rewritten name would exceed 255 octets: YXDOMAIN with the DNAME (RFC 6672 2.2). */
  | { kind: "too-long"; dname: RRset };

/** Rewrite `qname` through the DNAME at `owner` (an ancestor of `qname`). */
export function applyDname(owner: ZoneNode, qname: Name): DnameOutcome {
  const dname = owner.rrsets.get(RRType.DNAME)!;
  const newSuffix = (dname.rdata[0] as NameTargetData).target;
  let target: Name;
  try {
    target = replaceSuffix(qname, owner.name, newSuffix);
  } catch (err) {
    if (err instanceof WireError && (err.code === "NAME_TOO_LONG" || err.code === "BAD_LABEL")) {
      return { kind: "too-long", dname };
    }
    throw err;
  }
  // The synthesized CNAME carries the DNAME's TTL (RFC 6672 3.1), in the DNAME's class.
  const cname: RRset = { name: qname, type: RRType.CNAME, class: dname.class, ttl: dname.ttl, rdata: [{ target }] };
  return { kind: "redirect", dname, cname, target };
}
