import { encodeBareResponse, Rcode, RRType } from "@dnsteer/wire";
import type { Handler } from "../../core/handler.js";

/**
 * Zone transfers are not served yet. AXFR/IXFR over UDP are never valid (NOTIMP, as Knot
 * answers); over TCP they are REFUSED until a transfer plugin takes this place in the chain.
 */
export const xfr: Handler = (ctx, next) => {
  const { qtype } = ctx.query;
  if (qtype !== RRType.AXFR && qtype !== RRType.IXFR) return next(ctx);
  const rcode = ctx.transport === "udp" ? Rcode.NOTIMP : Rcode.REFUSED;
  return encodeBareResponse(ctx.msg, ctx.query.questionEnd, rcode, true, ctx.edns);
};
