import { encodeBareResponse, Rcode, RRClass } from "@dnsteer/wire";
import type { Handler } from "../../core/handler.js";

/** Only IN is served (ANY is answered as IN, as Knot does); any other class is REFUSED. */
export const classFilter: Handler = (ctx, next) => {
  const { qclass } = ctx.query;
  if (qclass === RRClass.IN || qclass === RRClass.ANY) return next(ctx);
  return encodeBareResponse(ctx.msg, ctx.query.questionEnd, Rcode.REFUSED, true, ctx.edns);
};
