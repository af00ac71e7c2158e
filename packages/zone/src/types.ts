import type { Name, RData } from "@dnsteer/wire";

/** All records of one owner, type and class. TTL is the RRset's (RFC 2181 5.2). */
export interface RRset {
  name: Name;
  type: number;
  class: number;
  ttl: number;
  rdata: RData[];
}

/**
 * A node of the zone's name tree. Empty non-terminals (names with no records but with
 * descendants, RFC 4592 2.2.2) are present with an empty `rrsets` map, so "does this name
 * exist" is a single Map lookup. Loaded zones use a compact read-only map (`rrsets.ts`).
 */
export interface ZoneNode {
  name: Name;
  rrsets: ReadonlyMap<number, RRset>;
}

/** A loaded, validated zone. Immutable once built: reloads build a new one. */
export interface Zone {
  origin: Name;
  class: number;
  soa: RRset;
  /** Every owner name in the zone (including ENTs and the apex), canonical names as keys. */
  nodes: Map<Name, ZoneNode>;
  /** Owner names below the apex that carry NS: zone cuts (delegations). */
  cuts: Set<Name>;
  /** Where it came from, for messages and reloads. */
  source?: string;
}
