import { type Name, parentName, parseName, ROOT } from "@dnsteer/wire";
import { ZoneError } from "./errors.js";
import type { Zone } from "./types.js";

/** The zones a server serves, found by longest matching origin (RFC 1034 4.3.2 step 2). */
export class ZoneSet {
  private readonly byOrigin = new Map<Name, Zone>();

  constructor(zones: Iterable<Zone> = []) {
    for (const z of zones) this.add(z);
  }

  /** The zone with the longest origin that is qname or an ancestor of it. */
  find(qname: Name): Zone | undefined {
    for (let n = qname; ; n = parentName(n)) {
      const z = this.byOrigin.get(n);
      if (z || n === ROOT) return z;
    }
  }

  get(origin: Name): Zone | undefined {
    return this.byOrigin.get(canonical(origin));
  }

  add(zone: Zone): void {
    if (this.byOrigin.has(zone.origin)) {
      throw new ZoneError("DUPLICATE_ZONE", zone.source ?? "<zoneset>", 0, `zone ${zone.origin} is already loaded`);
    }
    this.byOrigin.set(zone.origin, zone);
  }

  /** Add or swap in a zone; one Map write, so lookups see the old or the new zone, never a mix. */
  replace(zone: Zone): void {
    this.byOrigin.set(zone.origin, zone);
  }

  remove(origin: Name): boolean {
    return this.byOrigin.delete(canonical(origin));
  }

  zones(): Zone[] {
    return [...this.byOrigin.values()];
  }

  get size(): number {
    return this.byOrigin.size;
  }
}

/** Accept "Example.Test" as well as the canonical "example.test.". */
export function canonical(origin: string): Name {
  return parseName(origin.endsWith(".") ? origin : `${origin}.`);
}
