import { RRType } from "@dnsteer/wire";
import type { Handler } from "../../core/handler.js";
import { lookupInZones, replyToLookup } from "../../core/zone-answer.js";

/**
 * RFC 8482: ANY over UDP gets one RRset (the first at the name, as Knot does) instead of all;
 * over TCP the full set. Negative answers and referrals are unchanged.
 */
export const minimalAny: Handler = (ctx, next) => {
  if (ctx.query.qtype !== RRType.ANY || ctx.transport !== "udp") return next(ctx);
  const result = lookupInZones(ctx);
  if (result.kind === "answer" && result.answer.length > 1) {
    result.answer = result.answer.slice(0, 1);
    result.additional = [];
  }
  return replyToLookup(ctx, result);
};
