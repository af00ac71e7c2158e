import { isSubdomain, type Name, type NameTargetData, parseName, Rcode, RRClass, RRType } from "@dnsteer/wire";
import type { RRset } from "@dnsteer/zone";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LookupResult, lookup, RCODE_YXDOMAIN } from "../src/index.js";
import { serve } from "./helpers/serve.js";

// Few labels, so generated names collide, nest, form ENTs and hit wildcards often.
const label = fc.constantFrom("a", "b", "c", "*");
const relName = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ls.join("."));
const target = fc.oneof(
  relName.map((n) => `${n}.example.`),
  fc.constant("x.other.test."),
  fc.constant("example."),
);
const record = fc.oneof(
  fc.tuple(relName, fc.constant("A"), fc.constant("192.0.2.1")),
  fc.tuple(relName, fc.constant("TXT"), fc.constant('"t"')),
  fc.tuple(relName, fc.constantFrom("CNAME", "DNAME", "NS", "MX"), target),
);
const qtype = fc.constantFrom(RRType.A, RRType.TXT, RRType.MX, RRType.NS, RRType.CNAME, RRType.DNAME, RRType.DS, RRType.SOA, RRType.ANY);
const qname = fc.array(fc.constantFrom("a", "b", "c", "*", "d"), { maxLength: 4 }).map((ls) => parseName([...ls, "example."].join(".")));

/**
 * A loadable zone from the generated records: one record kind per owner (no CNAME beside other
 * data) and nothing occluded by a DNAME or a cut, which the zone loader rightly rejects.
 */
function zoneText(records: Array<[string, string, string]>): string {
  const kept = new Map<string, string>([["ns1", "A"]]);
  const lines = ["$TTL 3600", "@ SOA ns1 hostmaster 1 7200 900 1209600 300", "@ NS ns1", "ns1 A 192.0.2.53"];
  const below = (a: string, b: string) => a.endsWith(`.${b}`);
  for (const [owner, type, data] of records) {
    if (kept.has(owner)) continue;
    const hidden = [...kept].some(([o, t]) => below(owner, o) && (t === "DNAME" || (t === "NS" && type !== "A")));
    const hides = (type === "DNAME" || type === "NS") && [...kept.keys()].some((o) => below(o, owner));
    if (hidden || hides) continue;
    kept.set(owner, type);
    lines.push(`${owner} ${type} ${type === "MX" ? `10 ${data}` : data}`);
  }
  return lines.join("\n");
}

/** Every answer RRset is owned by the qname or a name the chain reached (DNAMEs: an ancestor). */
function ownersFollowTheChain(qname: Name, result: LookupResult): void {
  const reached = new Set<Name>([qname]);
  for (const rrset of result.answer) {
    if (rrset.type === RRType.DNAME) {
      // Asked for directly (owner reached) or redirecting a reached name below it.
      expect([...reached].some((n) => isSubdomain(n, rrset.name))).toBe(true);
      continue;
    }
    expect(reached.has(rrset.name)).toBe(true);
    if (rrset.type === RRType.CNAME) reached.add((rrset.rdata[0] as NameTargetData).target);
  }
}

function noDuplicates(section: readonly RRset[]): void {
  const keys = section.map((r) => `${r.name}|${r.type}`);
  expect(new Set(keys).size).toBe(keys.length);
}

describe("lookup over generated zones", () => {
  it("never throws, keeps answers on the chain and the header consistent", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), qname, qtype, (records, name, type) => {
        const zones = serve({ "example.": zoneText(records) });
        const result = lookup(zones, name, type, RRClass.IN);
        ownersFollowTheChain(name, result);
        for (const s of [result.answer, result.authority, result.additional]) noDuplicates(s);
        expect(result.kind).not.toBe("refused");
        expect(result.rcode === Rcode.NXDOMAIN).toBe(result.kind === "nxdomain");
        if (result.rcode === RCODE_YXDOMAIN) expect(result.kind).toBe("answer");
        expect(result.aa).toBe(!(result.kind === "referral" && result.answer.length === 0));
        if (result.kind === "nxdomain" || result.kind === "nodata") {
          expect(result.authority.map((r) => r.type)).toEqual([RRType.SOA]);
        }
        if (result.kind === "referral") expect(result.authority.map((r) => r.type)).toEqual([RRType.NS]);
      }),
      { numRuns: 2000 },
    );
  });
});
