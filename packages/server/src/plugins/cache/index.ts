import { encodeResponse } from "@dnsteer/wire";
import type { Handler } from "../../context.js";
import { contentOf, lookupQuery, reply, replyTo } from "../../respond.js";
import { serveTemplate } from "./templates.js";

/**
 * Serve zone answers from pre-encoded templates. On a miss, look up, encode the full answer
 * once without a size limit as the template, then serve it like a hit. Per query, the template
 * gets the query's ID, RD/CD and whole question (its case and its class: ANY is answered as IN). Answers that do not fit
 * the client's limit take the slow path, which truncates per RFC 2181 9.
 */
export const cache: Handler = (ctx, next) => {
  const { query, snapshot } = ctx;
  if (!snapshot.templates.enabled) return next(ctx);
  let template = snapshot.templates.get(query.qtype, query.key);
  if (!template) {
    const result = lookupQuery(ctx);
    // Names outside our zones are not cached: a flood of them would only evict real answers.
    if (result.kind === "refused") return replyTo(ctx, result);
    const content = contentOf(result);
    template = encodeResponse(ctx.msg, query, content, 65535);
    snapshot.templates.set(query.qtype, query.key, template);
    return serveTemplate(template, ctx) ?? reply(ctx, content);
  }
  return serveTemplate(template, ctx) ?? reply(ctx, contentOf(lookupQuery(ctx)));
};
