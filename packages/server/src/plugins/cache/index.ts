import { encodeResponse } from "@dnsteer/wire";
import { answerFromTemplate } from "../../core/answer-template.js";
import type { Handler } from "../../core/handler.js";
import { contentOfLookup, encodeReply, lookupInZones, replyToLookup } from "../../core/zone-answer.js";

/**
 * Answer from the snapshot's answer templates of zone answers. On a miss, look up, encode the
 * full answer once without a size limit as the template, then answer from it like a hit. Per
 * query, the template gets the query's ID, RD/CD and whole question (its case and its class:
 * ANY is answered as IN). Answers that do not fit the client's limit take the slow path, which
 * truncates per RFC 2181 9.
 */
export const cache: Handler = (ctx, next) => {
  const { query, snapshot } = ctx;
  if (!snapshot.zoneAnswerTemplates.enabled) return next(ctx);
  let template = snapshot.zoneAnswerTemplates.get(query.qtype, query.key);
  if (!template) {
    const result = lookupInZones(ctx);
    // Names outside our zones are not cached: a flood of them would only evict real answers.
    if (result.kind === "refused") return replyToLookup(ctx, result);
    const content = contentOfLookup(result);
    template = encodeResponse(ctx.msg, query, content, 65535);
    snapshot.zoneAnswerTemplates.set(query.qtype, query.key, template);
    return answerFromTemplate(template, ctx) ?? encodeReply(ctx, content);
  }
  return answerFromTemplate(template, ctx) ?? encodeReply(ctx, contentOfLookup(lookupInZones(ctx)));
};
