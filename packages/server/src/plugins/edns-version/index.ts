import { encodeBareResponse, Rcode } from "@dnsteer/wire";
import type { Handler } from "../../core/handler.js";

/** RFC 6891 6.1.3: a query with an EDNS version we do not speak gets BADVERS and OPT version 0. */
export const ednsVersion: Handler = (ctx, next) => {
  const { query, edns } = ctx;
  if (!query.edns || query.edns.version === 0 || !edns) return next(ctx);
  const badvers = { ...edns, extendedRcode: Rcode.BADVERS >> 4, clientSubnet: undefined, nsid: undefined };
  return encodeBareResponse(ctx.msg, query.questionEnd, Rcode.BADVERS & 0xf, true, badvers);
};
