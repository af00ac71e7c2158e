import { type Name, Rcode } from "@dnsteer/wire";
import type { RRset } from "@dnsteer/zone";
import { additionalFor } from "./additional.js";
import { chase } from "./chase.js";
import { negativeSoa } from "./negative.js";
import { referralGlue } from "./referral.js";
import { Section } from "./sections.js";
import { classMatches, selectZone } from "./select-zone.js";
import type { Step } from "./step.js";
import type { LookupKind, LookupResult, ZoneFinder } from "./types.js";

/** RFC 6672 2.2: the DNAME rewrite would overflow. Not (yet) in wire's Rcode table. */
export const RCODE_YXDOMAIN = 6;

/**
 * Answer one question from the zones we serve: RFC 1034 4.3.2 as amended by RFC 2181,
 * RFC 4592 (wildcards) and RFC 6672 (DNAME). Pure: no I/O, never throws for a valid name.
 */
export function lookup(zones: ZoneFinder, qname: Name, qtype: number, qclass: number): LookupResult {
  const zone = selectZone(zones, qname, qtype);
  if (zone === undefined || !classMatches(zone, qclass)) return refused();
  const { answer, last, referredAtStart } = chase(zones, zone, qname, qtype);
  const authority = new Section();
  const additional = new Section();
  const { kind, rcode } = ending(last);
  if (kind === "nxdomain" || kind === "nodata") authority.add(negativeSoa(zone));
  let inDomainGlue: RRset[] | undefined;
  if (last.kind === "referral") {
    authority.add(last.ns);
    const glue = referralGlue(zone, last.ns);
    additional.addAll(glue.glue);
    inDomainGlue = glue.inDomainGlue;
  }
  // Minimal responses (Knot and NSD default): a positive answer gets no NS in authority, only
  // the addresses its NS/MX/SRV records point at, and nothing the answer already holds.
  for (const rrset of additionalFor(zones, zone, answer.rrsets)) {
    if (!answer.has(rrset.name, rrset.type)) additional.add(rrset);
  }
  return {
    kind,
    rcode,
    // Only a referral straight away is non-authoritative; a CNAME chain that ends at a cut
    // still answers the CNAMEs with authority (the Knot and BIND behaviour).
    aa: !referredAtStart,
    answer: answer.rrsets,
    authority: authority.rrsets,
    additional: additional.rrsets,
    ...(inDomainGlue ? { inDomainGlue } : {}),
    zone,
  };
}

/** Kind and RCODE follow the last step of the chain (RFC 6604 2.1 for NXDOMAIN after CNAME). */
function ending(last: Step): { kind: LookupKind; rcode: number } {
  switch (last.kind) {
    case "nxdomain":
      return { kind: "nxdomain", rcode: Rcode.NXDOMAIN };
    case "nodata":
      return { kind: "nodata", rcode: Rcode.NOERROR };
    case "referral":
      return { kind: "referral", rcode: Rcode.NOERROR };
    case "yxdomain":
      return { kind: "answer", rcode: RCODE_YXDOMAIN };
    case "answer":
    case "chase": // a chain cut short (loop, length limit, edge of the zone) is still an answer
      return { kind: "answer", rcode: Rcode.NOERROR };
  }
}

function refused(): LookupResult {
  return { kind: "refused", rcode: Rcode.REFUSED, aa: false, answer: [], authority: [], additional: [] };
}
