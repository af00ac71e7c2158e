import { type Name, parseName, RRClass, typeFromString } from "@dnsteer/wire";
import { describe, expect, it } from "vitest";
import { lookup, type ZoneFinder } from "../../src/index.js";
import { type Rendered, render } from "./render.js";
import { serve } from "./serve.js";

/**
 * One row of a lookup table: the question, then what must come back. Sections are written as
 * presentation lines ("owner ttl TYPE rdata"); omitted sections must be empty.
 */
export interface Row {
  /** "name TYPE", e.g. "www.example. A"; the name is made canonical like the server does. */
  q: string;
  qclass?: number;
  /** "kind RCODE aa" or "kind RCODE -", e.g. "nxdomain NXDOMAIN aa". */
  head: string;
  answer?: string[];
  authority?: string[];
  additional?: string[];
  /** Origin of the zone that must have answered. */
  zone?: Name;
  /** The in-domain glue a referral must carry (RFC 9471), checked when given. */
  inDomainGlue?: string[];
  /** Why this row exists, when the question alone does not say it. */
  why?: string;
}

export function ask(zones: ZoneFinder, row: Pick<Row, "q" | "qclass">) {
  const [nameText, typeText] = row.q.split(/\s+/);
  const qtype = typeFromString(typeText ?? "");
  if (qtype === undefined) throw new Error(`bad type in "${row.q}"`);
  return lookup(zones, parseName(nameText!), qtype, row.qclass ?? RRClass.IN);
}

/** Zones given as { origin: zone text }; each row is one `it`. */
export function lookupTable(title: string, zoneTexts: Record<Name, string>, rows: readonly Row[]): void {
  describe(title, () => {
    const zones = serve(zoneTexts);
    it.each(rows.map((r) => [r.why ? `${r.q} (${r.why})` : r.q, r] as const))("%s", (_title, row) => {
      const expected: Rendered = {
        head: row.head,
        answer: row.answer ?? [],
        authority: row.authority ?? [],
        additional: row.additional ?? [],
      };
      if (row.zone !== undefined) expected.zone = row.zone;
      if (row.inDomainGlue !== undefined) expected.inDomainGlue = row.inDomainGlue;
      expect(render(ask(zones, row), row.zone !== undefined, row.inDomainGlue !== undefined)).toEqual(expected);
    });
  });
}
