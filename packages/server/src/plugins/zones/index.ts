import type { Handler } from "../../context.js";
import { lookupQuery, replyTo } from "../../respond.js";

/** The chain's end: answer from the zones by the RFC 1034 lookup, encoding per query. */
export const zones: Handler = (ctx) => replyTo(ctx, lookupQuery(ctx));
