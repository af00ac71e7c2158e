import type { Name } from "@dnsteer/wire";
import { type Delta, serialOf } from "./delta.js";

/**
 * A zone's recent serial changes, oldest first, each starting where the previous ended: the
 * history IXFR answers from (RFC 1995). Bounded: past `maxDeltas` the oldest go (a client that
 * far behind gets an AXFR-style answer). A change that does not start at the last serial (the
 * zone was replaced while we were not looking) starts the history over.
 */
export class ZoneJournal {
  private deltas: Delta[] = [];
  /** zoneDigest of the zone at the end of the history (checked when loaded at a restart). */
  digest: string | undefined;

  constructor(
    readonly origin: Name,
    readonly maxDeltas = 100,
  ) {}

  record(delta: Delta, digest: string): void {
    const last = this.deltas.at(-1);
    if (last && serialOf(last.to) !== serialOf(delta.from)) this.deltas = [];
    this.deltas.push(delta);
    if (this.deltas.length > this.maxDeltas) this.deltas.splice(0, this.deltas.length - this.maxDeltas);
    this.digest = digest;
  }

  /** Forget everything (the zone no longer matches the history). */
  clear(digest?: string): void {
    this.deltas = [];
    this.digest = digest;
  }

  /** The changes from `serial` to the newest, or undefined when the history does not reach back to it. */
  since(serial: number): readonly Delta[] | undefined {
    const at = this.deltas.findIndex((d) => serialOf(d.from) === serial);
    return at < 0 ? undefined : this.deltas.slice(at);
  }

  /** The serial the history ends at, if any. */
  lastSerial(): number | undefined {
    const last = this.deltas.at(-1);
    return last ? serialOf(last.to) : undefined;
  }

  all(): readonly Delta[] {
    return this.deltas;
  }

  /** Load a history read back from disk (journal-file.ts). */
  restore(deltas: Delta[], digest: string | undefined): void {
    this.deltas = deltas.slice(-this.maxDeltas);
    this.digest = digest;
  }
}
