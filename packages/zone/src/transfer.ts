import type { Name } from "@dnsteer/wire";
import { ZoneError } from "./errors.js";
import { NO_RRSETS, RRsetsByType } from "./rrsets.js";
import type { RRset, Zone, ZoneNode } from "./types.js";

/**
 * A zone in parts, to move it from the thread that parsed it to the thread that serves it.
 * Structured clone of a whole big zone takes seconds on the receiving thread (every node and
 * RRset is an object to rebuild), during which that thread answers nothing; in parts of a few
 * thousand names, the receiver rebuilds one part per event-loop turn and keeps answering in
 * between. Parts are plain data (names, RRsets, rdata), so structured clone carries them.
 */
export interface ZoneHeader {
  origin: Name;
  class: number;
  soa: RRset;
  cuts: Name[];
  source?: string;
  nodeCount: number;
}

/** Some of a zone's nodes: each its name and its RRsets (none for an empty non-terminal). */
export type ZonePart = Array<[Name, RRset[]]>;

export function zoneHeader(zone: Zone): ZoneHeader {
  return { origin: zone.origin, class: zone.class, soa: zone.soa, cuts: [...zone.cuts], source: zone.source, nodeCount: zone.nodes.size };
}

/** The zone's nodes, `size` at a time. */
export function* zoneParts(zone: Zone, size: number): Generator<ZonePart> {
  let part: ZonePart = [];
  for (const node of zone.nodes.values()) {
    part.push([node.name, [...node.rrsets.values()]]);
    if (part.length >= size) {
      yield part;
      part = [];
    }
  }
  if (part.length > 0) yield part;
}

/** Rebuilds a zone from its header and parts, in order; `finish` once every part is in. */
export class ZoneAssembler {
  private readonly nodes = new Map<Name, ZoneNode>();
  private soa: RRset;

  constructor(private readonly header: ZoneHeader) {
    this.soa = header.soa;
  }

  add(part: ZonePart): void {
    for (const [name, sets] of part) {
      let rrsets = NO_RRSETS;
      if (sets.length > 0) {
        rrsets = new RRsetsByType();
        for (const set of sets) rrsets.add(set);
      }
      this.nodes.set(name, { name, rrsets });
    }
  }

  /** The zone; the apex SOA is the node's own RRset object, as in a parsed zone. */
  finish(): Zone {
    const h = this.header;
    if (this.nodes.size !== h.nodeCount)
      throw new ZoneError("IO", h.source ?? h.origin, 0, `zone ${h.origin}: ${this.nodes.size} of ${h.nodeCount} names arrived`);
    this.soa = this.nodes.get(h.origin)?.rrsets.get(6) ?? this.soa;
    return {
      origin: h.origin,
      class: h.class,
      soa: this.soa,
      nodes: this.nodes,
      cuts: new Set(h.cuts),
      ...(h.source === undefined ? {} : { source: h.source }),
    };
  }
}
