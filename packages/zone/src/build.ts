import { type Name, type RData, RRType, typeToString } from "@dnsteer/wire";
import { checkOcclusion, conflictOnNewRecord, conflictOnNewType, type Fault } from "./checks.js";
import { ZoneError } from "./errors.js";
import { isAtOrBelow, parentOf } from "./names.js";
import { RdataIndex } from "./rdata-index.js";
import { NO_RRSETS, RRsetsByType } from "./rrsets.js";
import { SetSources } from "./set-sources.js";
import { oversizedResponse } from "./size.js";
import type { RRset, Zone, ZoneNode } from "./types.js";

/** A node while it is built: the same object the Zone gets, seen with its RRsets writable. */
interface BuildNode extends ZoneNode {
  rrsets: RRsetsByType;
}

/**
 * Builds a Zone record by record as the parser reads them, checking what can be checked at
 * once (owner inside the zone, CNAME/DNAME/SOA conflicts) and the rest in `finish`. A bad zone
 * is rejected whole with the first fault in reading order, so a reload never serves half a zone.
 *
 * The nodes and RRsets built here are the Zone's own: nothing is copied at the end, and the
 * only bookkeeping per RRset is two numbers (where its first record was read).
 */
export class ZoneBuilder {
  private readonly nodes = new Map<Name, BuildNode>();
  private readonly sources = new SetSources();
  private readonly duplicates = new RdataIndex();
  private firstRecord: { file: string; line: number } | undefined;
  private dnames = 0;

  constructor(
    private readonly origin: Name,
    private readonly source: string | undefined,
  ) {}

  add(name: Name, type: number, cls: number, ttl: number, data: RData, file: string, line: number): void {
    if (!isAtOrBelow(name, this.origin)) throw new ZoneError("OUT_OF_ZONE", file, line, `${name} is outside the zone ${this.origin}`);
    this.firstRecord ??= { file, line };
    let node = this.nodes.get(name);
    if (node === undefined) {
      node = { name, rrsets: new RRsetsByType() };
      this.nodes.set(name, node);
    }
    const set = node.rrsets.get(type);
    if (set === undefined) {
      const fault = conflictOnNewType(node, type, this.origin);
      if (fault) throw new ZoneError(fault.code, file, line, fault.what);
      // Differing TTLs in one RRset: the first wins, as in BIND (RFC 2181 5.2 forbids the mix).
      const rrset: RRset = { name, type, class: cls, ttl, rdata: [data] };
      node.rrsets.add(rrset);
      this.sources.add(rrset, file, line);
      if (type === RRType.DNAME) this.dnames++;
      return;
    }
    // Identical records are one record (the wire form decides: "\\# 4 c0000201" is 192.0.2.1).
    if (this.duplicates.contains(set, data)) return;
    const fault = conflictOnNewRecord(set);
    if (fault) throw new ZoneError(fault.code, file, line, fault.what);
    set.rdata.push(data);
    this.duplicates.added(set, data);
  }

  /** Zone-level checks, then the empty non-terminals; the builder is spent afterwards. */
  finish(): Zone {
    const apex = this.nodes.get(this.origin);
    const soa = apex?.rrsets.get(RRType.SOA);
    if (soa === undefined) {
      // Point at the first record: that is where the SOA should have been.
      const at = this.firstRecord ?? { file: this.source ?? "<text>", line: 1 };
      throw new ZoneError("NO_SOA", at.file, at.line, `zone ${this.origin} has no SOA record`);
    }
    if (!apex!.rrsets.has(RRType.NS)) this.fail(soa, { code: "NO_APEX_NS", what: `zone ${this.origin} has no NS records at the apex` });
    const cuts = new Set<Name>();
    for (const [name, node] of this.nodes) if (name !== this.origin && node.rrsets.has(RRType.NS)) cuts.add(name);
    if (cuts.size > 0 || this.dnames > 0) {
      const occluded = this.sources.find((set) => checkOcclusion(set, this.nodes, cuts, this.origin, this.dnames > 0));
      if (occluded) this.fail(occluded.set, occluded.fault);
    }
    const big = this.sources.find((set) => {
      const octets = oversizedResponse(set);
      return octets === undefined ? undefined : { code: "RRSET_TOO_LARGE", what: tooLarge(set, octets) };
    });
    if (big) this.fail(big.set, big.fault);
    this.addEmptyNonTerminals();
    this.duplicates.clear();
    return {
      origin: this.origin,
      class: soa.class,
      soa,
      nodes: this.nodes,
      cuts,
      ...(this.source !== undefined ? { source: this.source } : {}),
    };
  }

  private fail(set: RRset, fault: Fault): never {
    const at = this.sources.of(set);
    throw new ZoneError(fault.code, at.file, at.line, fault.what);
  }

  /** A node for each name between an owner and the apex, so "does this name exist" is one lookup. */
  private addEmptyNonTerminals(): void {
    // Nodes added while iterating are visited too; their parents exist by then, so they stop at once.
    for (const name of this.nodes.keys()) {
      for (let n = name; n !== this.origin; ) {
        n = parentOf(n);
        if (this.nodes.has(n)) break;
        this.nodes.set(n, { name: n, rrsets: NO_RRSETS });
      }
    }
  }
}

function tooLarge(set: RRset, octets: number): string {
  return `${typeToString(set.type)} RRset at ${set.name} (${set.rdata.length} records) needs a ${octets}-octet response; no DNS message is over 65535`;
}
