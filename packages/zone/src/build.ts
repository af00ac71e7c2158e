import { isSubdomain, parentName, rdataToWire, type Name } from "@dnsteer/wire";
import { ZoneError } from "./errors.js";
import type { SourceRecord } from "./record.js";
import { checkZone } from "./checks.js";
import type { RRset, Zone, ZoneNode } from "./types.js";

/** An RRset plus where its records came from, kept only while building (for error messages). */
export interface SourcedSet {
  rrset: RRset;
  /** Source of each distinct record, parallel to rrset.rdata. */
  sources: SourceRecord[];
  /** Wire forms already in the set, to merge duplicates in O(1). */
  seen: Set<string>;
}

/**
 * Turn records into a validated Zone, or throw the first ZoneError: a bad zone is rejected
 * whole, so a reload never serves half a zone.
 */
export function buildZone(records: SourceRecord[], origin: Name, source?: string): Zone {
  const sets = new Map<Name, Map<number, SourcedSet>>();
  for (const rec of records) {
    if (!isSubdomain(rec.name, origin)) {
      throw new ZoneError("OUT_OF_ZONE", rec.file, rec.line, `${rec.name} is outside the zone ${origin}`);
    }
    let byType = sets.get(rec.name);
    if (!byType) sets.set(rec.name, (byType = new Map()));
    // Identity is the uncompressed wire form, so "\\# 4 c0000201" and "192.0.2.1" are one record.
    const key = Buffer.from(rdataToWire(rec.type, rec.data)).toString("latin1");
    const set = byType.get(rec.type);
    if (!set) {
      const rrset = { name: rec.name, type: rec.type, class: rec.class, ttl: rec.ttl, rdata: [rec.data] };
      byType.set(rec.type, { rrset, sources: [rec], seen: new Set([key]) });
    } else if (!set.seen.has(key)) {
      // Differing TTLs in one RRset: the first wins, as in BIND (RFC 2181 5.2 forbids the mix).
      set.seen.add(key);
      set.rrset.rdata.push(rec.data);
      set.sources.push(rec);
    }
  }
  const { soa, cuts } = checkZone(sets, origin, records, source ?? "<text>");
  return { origin, class: soa.class, soa, nodes: nodeTree(sets, origin), cuts, ...(source !== undefined ? { source } : {}) };
}

/** Nodes for every owner plus an empty node for each empty non-terminal up to the apex. */
function nodeTree(sets: Map<Name, Map<number, SourcedSet>>, origin: Name): Map<Name, ZoneNode> {
  const nodes = new Map<Name, ZoneNode>();
  for (const [name, byType] of sets) {
    const rrsets = new Map<number, RRset>();
    for (const [type, s] of byType) rrsets.set(type, s.rrset);
    nodes.set(name, { name, rrsets });
  }
  for (const name of sets.keys()) {
    for (let n = name; n !== origin; ) {
      n = parentName(n);
      if (nodes.has(n)) break;
      nodes.set(n, { name: n, rrsets: new Map() });
    }
  }
  return nodes;
}
