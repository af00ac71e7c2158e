import { encodeBareResponse, encodeResponse, keyToName, Rcode, RRClass, type RRsetLike, RRType } from "@dnsteer/wire";
import type { Handler } from "../../core/handler.js";

const VERSION = new Set(["version.bind.", "version.server."]);
const IDENTITY = new Set(["id.server.", "hostname.bind."]);

/** CHAOS-class TXT identity queries; anything else in class CH, or a hidden value, is REFUSED. */
export const chaos: Handler = (ctx, next) => {
  const { query, snapshot } = ctx;
  if (query.qclass !== RRClass.CH) return next(ctx);
  const name = keyToName(query.key);
  const { version, identity } = snapshot.settings.chaos;
  const text = VERSION.has(name) ? version : IDENTITY.has(name) ? identity : null;
  if (text === null || (query.qtype !== RRType.TXT && query.qtype !== RRType.ANY)) {
    return encodeBareResponse(ctx.msg, query.questionEnd, Rcode.REFUSED, true, ctx.edns);
  }
  const txt: RRsetLike = { name, type: RRType.TXT, class: RRClass.CH, ttl: 0, rdata: [{ strings: [Buffer.from(text.slice(0, 255))] }] };
  return encodeResponse(
    ctx.msg,
    query,
    { rcode: Rcode.NOERROR, aa: true, answer: [txt], authority: [], additional: [] },
    ctx.limit,
    ctx.edns,
  );
};
