import type { Handler } from "../../core/handler.js";
import { lookupInZones, replyToLookup } from "../../core/zone-answer.js";

/** The chain's end: answer from the zones by the RFC 1034 lookup, encoding per query. */
export const zones: Handler = (ctx) => replyToLookup(ctx, lookupInZones(ctx));
