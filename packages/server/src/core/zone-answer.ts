import { type LookupResult, lookup } from "@dnsteer/lookup";
import { ExtendedError, encodeResponse, keyToName, type ResponseContent } from "@dnsteer/wire";
import type { QueryContext, Reply } from "./handler.js";

// Answers from zone data, shared by the plugins that give them (any, cache, steer, zones).

/** Run the pure RFC 1034 lookup for the query in `ctx` against the snapshot's zones. */
export function lookupInZones(ctx: QueryContext): LookupResult {
  const { query } = ctx;
  return lookup(ctx.snapshot.zones, keyToName(query.key), query.qtype, query.qclass);
}

/** Message content of a lookup result; in-domain referral glue is required (RFC 9471), other additional data is not. */
export function contentOfLookup(result: LookupResult): ResponseContent {
  const required = result.inDomainGlue?.length ? new Set(result.inDomainGlue) : undefined;
  return {
    rcode: result.rcode,
    aa: result.aa,
    answer: result.answer,
    authority: result.authority,
    additional: result.additional,
    requiredAdditional: required,
  };
}

/** Encode `content` for this query within the client's size limit, with the OPT record. */
export function encodeReply(ctx: QueryContext, content: ResponseContent): Reply {
  return encodeResponse(ctx.msg, ctx.query, content, ctx.limit, ctx.edns);
}

/** REFUSED for a name outside our zones, with EDE 20 "Not Authoritative" (RFC 8914), as Knot sends. */
function encodeRefused(ctx: QueryContext, result: LookupResult): Reply {
  const edns = ctx.edns ? { ...ctx.edns, extendedError: { code: ExtendedError.NOT_AUTHORITATIVE } } : undefined;
  return encodeResponse(ctx.msg, ctx.query, contentOfLookup(result), ctx.limit, edns);
}

/** Reply to a lookup result, by kind. */
export function replyToLookup(ctx: QueryContext, result: LookupResult): Reply {
  return result.kind === "refused" ? encodeRefused(ctx, result) : encodeReply(ctx, contentOfLookup(result));
}
