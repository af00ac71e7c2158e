import { rcodeToString, rdataToText, typeToString } from "@dnsteer/wire";
import type { RRset } from "@dnsteer/zone";
import type { LookupResult } from "../../src/index.js";

/** One line per record, "owner ttl TYPE rdata", in section order: what a dig user would read. */
export function renderSection(rrsets: readonly RRset[]): string[] {
  return rrsets.flatMap((r) => r.rdata.map((d) => `${r.name} ${r.ttl} ${typeToString(r.type)} ${rdataToText(r.type, d)}`));
}

/** "kind RCODE aa|-": the header facts of a result in one comparable string. */
export function renderHead(result: LookupResult): string {
  const rcode = result.rcode === 6 ? "YXDOMAIN" : rcodeToString(result.rcode);
  return `${result.kind} ${rcode} ${result.aa ? "aa" : "-"}`;
}

export interface Rendered {
  head: string;
  answer: string[];
  authority: string[];
  additional: string[];
  zone?: string;
  inDomainGlue?: string[];
}

/** `withZone`/`withGlue` add the answering zone and the in-domain glue, for rows that check them. */
export function render(result: LookupResult, withZone = false, withGlue = false): Rendered {
  const out: Rendered = {
    head: renderHead(result),
    answer: renderSection(result.answer),
    authority: renderSection(result.authority),
    additional: renderSection(result.additional),
  };
  if (withZone) out.zone = result.zone?.origin ?? "(none)";
  if (withGlue) out.inDomainGlue = renderSection(result.inDomainGlue ?? []);
  return out;
}
