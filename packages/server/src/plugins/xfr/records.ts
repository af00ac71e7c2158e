import { type RR, RRType, type SOAData } from "@dnsteer/wire";
import type { Delta, ZoneJournal } from "@dnsteer/xfr";
import type { Zone } from "@dnsteer/zone";

export function zoneSoa(zone: Zone): RR<SOAData> {
  const s = zone.soa;
  return { name: s.name, type: s.type, class: s.class, ttl: s.ttl, data: s.rdata[0] as SOAData };
}

/**
 * AXFR (RFC 5936 2.2): the SOA, every other record of the zone as loaded (a steered name's own
 * records, never a steering decision: see the operator guide), the SOA again.
 */
export function* axfrRecords(zone: Zone): Generator<RR> {
  const soa = zoneSoa(zone);
  yield soa;
  for (const node of zone.nodes.values()) {
    for (const set of node.rrsets.values()) {
      if (set.type === RRType.SOA && set.name === zone.origin) continue;
      for (const data of set.rdata) yield { name: set.name, type: set.type, class: set.class, ttl: set.ttl, data };
    }
  }
  yield soa;
}

/** IXFR (RFC 1995 4): the new SOA, then per change the old SOA, removals, the new SOA, additions; the new SOA last. */
export function* ixfrRecords(current: RR<SOAData>, deltas: readonly Delta[]): Generator<RR> {
  yield current;
  for (const d of deltas) {
    yield d.from;
    yield* d.removed;
    yield d.to;
    yield* d.added;
  }
  yield current;
}

/** The history from `serial` to the zone now served, or undefined when it does not lead there. */
export function historyFrom(journal: ZoneJournal | undefined, serial: number, current: number): readonly Delta[] | undefined {
  if (!journal || journal.lastSerial() !== current) return undefined;
  return journal.since(serial);
}
