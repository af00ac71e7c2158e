import type { Name } from "@dnsteer/wire";
import type { Zone } from "@dnsteer/zone";
import { Section } from "./sections.js";
import { selectZone } from "./select-zone.js";
import { resolveStep, type Step } from "./step.js";
import type { ZoneFinder } from "./types.js";

/** Most CNAME/DNAME targets followed for one query; longer chains return what was collected. */
export const MAX_CHAIN = 16;

/** The answer collected along a chain and the step that ended it. */
export interface Chase {
  answer: Section;
  /** The last step; a "chase" step here means the chain was cut short (loop, limit, zone edge). */
  last: Step;
  /** True when the very first step was a referral: only then is the response non-authoritative. */
  referredAtStart: boolean;
}

/**
 * RFC 1034 4.3.2 with its restart: resolve, and while the result is a CNAME whose target lies
 * in the same zone, resolve the target. Following into another zone is deliberately not done
 * (like Knot): the resolver asks for the target anyway and gets that zone's own answer.
 */
export function chase(zones: ZoneFinder, zone: Zone, qname: Name, qtype: number): Chase {
  const answer = new Section();
  const seen = new Set<Name>([qname]);
  let last = resolveStep(zone, qname, qtype);
  const referredAtStart = last.kind === "referral";
  for (let hops = 0; ; hops++) {
    if ("rrsets" in last) answer.addAll(last.rrsets);
    if (last.kind !== "chase") break;
    const target = last.target;
    if (hops >= MAX_CHAIN || seen.has(target) || selectZone(zones, target, qtype) !== zone) break;
    seen.add(target);
    last = resolveStep(zone, target, qtype);
  }
  return { answer, last, referredAtStart };
}
