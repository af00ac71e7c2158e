import { createHash } from "node:crypto";
import { nameToWire, type RR, RRType, rdataToWire, type SOAData } from "@dnsteer/wire";
import type { Zone } from "@dnsteer/zone";
import type { Delta } from "./delta.js";

/** The zone's SOA as one RR. */
export function soaRecord(zone: Zone): RR<SOAData> {
  const s = zone.soa;
  return { name: s.name, type: s.type, class: s.class, ttl: s.ttl, data: s.rdata[0] as SOAData };
}

/** Every record of the zone but the apex SOA, keyed by owner, type, class, TTL and rdata octets. */
function recordsByKey(zone: Zone): Map<string, RR> {
  const out = new Map<string, RR>();
  for (const node of zone.nodes.values()) {
    for (const set of node.rrsets.values()) {
      if (set.type === RRType.SOA && set.name === zone.origin) continue;
      for (const data of set.rdata) {
        const key = `${set.name}|${set.type}|${set.class}|${set.ttl}|${Buffer.from(rdataToWire(set.type, data)).toString("base64")}`;
        out.set(key, { name: set.name, type: set.type, class: set.class, ttl: set.ttl, data });
      }
    }
  }
  return out;
}

/**
 * What changed from `before` to `after` (same origin), record by record. A TTL change is a
 * removal and an addition (an IXFR client replaces the record). SOA changes alone give empty
 * lists. Not the hot path: runs once per reload.
 */
export function diffZones(before: Zone, after: Zone): Delta {
  const old = recordsByKey(before);
  const now = recordsByKey(after);
  const removed: RR[] = [];
  const added: RR[] = [];
  for (const [k, rr] of old) if (!now.has(k)) removed.push(rr);
  for (const [k, rr] of now) if (!old.has(k)) added.push(rr);
  return { from: soaRecord(before), to: soaRecord(after), removed, added };
}

/** Whether the data (everything but the SOA serial) differs: a serial left unraised hides this. */
export function dataChanged(delta: Delta): boolean {
  if (delta.removed.length > 0 || delta.added.length > 0) return true;
  const a = delta.from;
  const b = delta.to;
  return (
    a.ttl !== b.ttl ||
    a.data.mname !== b.data.mname ||
    a.data.rname !== b.data.rname ||
    a.data.refresh !== b.data.refresh ||
    a.data.retry !== b.data.retry ||
    a.data.expire !== b.data.expire ||
    a.data.minimum !== b.data.minimum
  );
}

/**
 * A digest of the zone's records but the SOA serial, order-independent: at a restart it tells
 * whether the zone is the one the journal ends with (else the history is not to be trusted).
 */
export function zoneDigest(zone: Zone): string {
  const keys = [...recordsByKey(zone).keys()].sort();
  const h = createHash("sha256");
  for (const k of keys) h.update(k).update("\n");
  const soa = soaRecord(zone);
  h.update(nameToWire(soa.data.mname))
    .update(nameToWire(soa.data.rname))
    .update(`${soa.ttl} ${soa.data.refresh} ${soa.data.retry} ${soa.data.expire} ${soa.data.minimum}`);
  return h.digest("hex");
}
