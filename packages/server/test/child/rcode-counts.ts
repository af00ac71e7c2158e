import type { Next, QueryContext, Reply } from "../../src/index.js";

/** A counting handler as serve's query counters: replies by RCODE in a Float64Array (udp-workers test). */
export class RcodeCounts {
  readonly counts = new Float64Array(16);
  readonly handler = (ctx: QueryContext, next: Next): Reply => {
    const reply = next(ctx);
    if (reply) this.counts[reply[3]! & 0x0f]!++;
    return reply;
  };
}
