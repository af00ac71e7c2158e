import type { QueryTally, Transport } from "../../src/index.js";

/** A tally as serve's query counters: replies by RCODE in a Float64Array (udp-workers test). */
export class RcodeCounts implements QueryTally {
  readonly counts = new Float64Array(16);
  count(_transport: Transport, _family: 4 | 6, _qtype: number, rcode: number): void {
    if (rcode >= 0) this.counts[rcode]!++;
  }
}
