import type { Handler, Transport } from "./handler.js";

/**
 * Counts every query the server answers (serve's /metrics query counters), whichever lane
 * answered it: the chain (through `tallyHandler`, first in it) or the fast lane, which calls
 * `count` itself. Called once per query: it must not allocate.
 */
export interface QueryTally {
  /** `rcode`: the reply's RCODE (its low four bits), or -1 when nothing was sent. */
  count(transport: Transport, family: 4 | 6, qtype: number, rcode: number): void;
}

/** The chain's side of a tally: sees every reply the chain makes (not the pre-parser's FORMERR/NOTIMP). */
export function tallyHandler(tally: QueryTally): Handler {
  return (ctx, next) => {
    const reply = next(ctx);
    tally.count(ctx.transport, ctx.remote.family, ctx.query.qtype, reply === null ? -1 : reply[3]! & 0x0f);
    return reply;
  };
}
