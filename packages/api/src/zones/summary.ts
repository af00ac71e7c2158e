import { type PageQuery, toPage, type ZoneDetail, type ZoneRecord, type ZoneSummary } from "@dnsteer/api-contract";
import { rdataToText, type SOAData, typeToString } from "@dnsteer/wire";
import type { Zone } from "@dnsteer/zone";

export function serialOf(zone: Zone): number {
  return (zone.soa.rdata[0] as SOAData).serial;
}

export function countOf(zone: Zone): { rrsetCount: number; recordCount: number } {
  let rrsets = 0;
  let records = 0;
  for (const node of zone.nodes.values()) {
    for (const set of node.rrsets.values()) {
      rrsets++;
      records += set.rdata.length;
    }
  }
  return { rrsetCount: rrsets, recordCount: records };
}

export function summaryOf(zone: Zone, file: string, loadedAt: number): ZoneSummary {
  return { origin: zone.origin, serial: serialOf(zone), file, loadedAt, ...countOf(zone) };
}

const SOA = 6;
const rank = (type: number) => (type === SOA ? -1 : type);

/** Every record in presentation form, by owner then type: the order pages are cut in. */
export function recordsOf(zone: Zone): ZoneRecord[] {
  const out: ZoneRecord[] = [];
  const names = [...zone.nodes.keys()].sort();
  for (const name of names) {
    // SOA first, as a master file lists it; then by type code.
    const sets = [...zone.nodes.get(name)!.rrsets.values()].sort((a, b) => rank(a.type) - rank(b.type));
    for (const set of sets) {
      const type = typeToString(set.type);
      for (const data of set.rdata) out.push({ name, ttl: set.ttl, type, data: rdataToText(set.type, data) });
    }
  }
  return out;
}

export function detailOf(summary: ZoneSummary, records: ZoneRecord[], q: PageQuery): ZoneDetail {
  return { ...summary, records: toPage(records.slice(q.offset, q.offset + q.limit), records.length, q) };
}
