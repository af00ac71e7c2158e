import { type Name, RRType } from "@dnsteer/wire";
import type { RRset, Zone, ZoneNode } from "@dnsteer/zone";
import { descend } from "./descend.js";
import { applyDname } from "./dname.js";
import { answerFromNode } from "./node-answer.js";
import { findWildcard } from "./wildcard.js";

/** The outcome of resolving one name in one zone: RFC 1034 4.3.2 step 3 without the restart. */
export type Step =
  | { kind: "answer"; rrsets: RRset[] }
  /** A CNAME (real, wildcard-synthesized, or DNAME-synthesized) whose target may be chased. */
  | { kind: "chase"; rrsets: RRset[]; target: Name }
  | { kind: "nodata" }
  | { kind: "nxdomain" }
  | { kind: "referral"; ns: RRset }
  /** DNAME rewrite overflowed 255 octets (RFC 6672 2.2). */
  | { kind: "yxdomain"; rrsets: RRset[] };

export function resolveStep(zone: Zone, name: Name, qtype: number): Step {
  const found = descend(zone, name, qtype === RRType.DS);
  switch (found.kind) {
    case "cut":
      return referralAt(found.cut);
    case "dname": {
      const out = applyDname(found.owner, name);
      if (out.kind === "too-long") return { kind: "yxdomain", rrsets: [out.dname] };
      // A query for the CNAME itself is answered by the synthesized one: no restart at its
      // target (Knot, NSD and BIND: the DNAME and the CNAME, NOERROR, no SOA).
      if (qtype === RRType.CNAME) return { kind: "answer", rrsets: [out.dname, out.cname] };
      return { kind: "chase", rrsets: [out.dname, out.cname], target: out.target };
    }
    case "found":
      return fromNode(found.node, qtype, name);
    case "missing": {
      const source = findWildcard(zone, found.closestEncloser);
      if (source === undefined) return { kind: "nxdomain" };
      // A wildcard NS is undefined territory (RFC 4592 4.2); treat it as a delegation of the
      // query name rather than answering data that belongs to a child.
      if (zone.cuts.has(source.name)) return referralAt(source, name);
      return fromNode(source, qtype, name);
    }
  }
}

/** `owner` differs from the cut's name only for a wildcard delegation synthesized for a name. */
function referralAt(cut: ZoneNode, owner: Name = cut.name): Step {
  const ns = cut.rrsets.get(RRType.NS)!;
  return { kind: "referral", ns: owner === ns.name ? ns : { ...ns, name: owner } };
}

function fromNode(node: ZoneNode, qtype: number, owner: Name): Step {
  const got = answerFromNode(node, qtype, owner);
  if (got.kind === "cname") return { kind: "chase", rrsets: [got.rrset], target: got.target };
  return got;
}
