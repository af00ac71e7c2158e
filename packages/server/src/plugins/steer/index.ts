import { encodeResponse, type ResponseContent, type RRsetLike, RRType } from "@dnsteer/wire";
import { answerFromTemplate } from "../../core/answer-template.js";
import { STEERED_HIT, STEERED_MISS, templateCacheCounts } from "../../core/answer-template-cache.js";
import type { Handler, QueryContext } from "../../core/handler.js";
import { contentOfLookup, encodeReply, lookupInZones } from "../../core/zone-answer.js";
import type { SteeredAnswerCounts } from "./answer-counts.js";
import { providerForQuery, type SteeredProvider, type SteeringView, steeredAddresses, subnetDecides } from "./view.js";

export interface SteeringService {
  current(): SteeringView;
  /** Counts each steered answer per provider and type (for metrics); absent: not counted. */
  answers?: SteeredAnswerCounts;
}

/**
 * Answer A/AAAA for a steered name with the service addresses of the provider chosen for the
 * query's source (its ECS subnet, else the resolver), from the in-memory decision map: a
 * longest-prefix match, no database, no allocation beyond the reply. The rest of the answer
 * (authority, additional) comes from the zone as usual. With ECS the reply's scope is the
 * prefix length the decision holds for (RFC 7871 7.2.1).
 */
export function steer(service: SteeringService): Handler {
  const answers = service.answers;
  return (ctx, next) => {
    const { query } = ctx;
    if (query.qtype !== RRType.A && query.qtype !== RRType.AAAA) return next(ctx);
    const view = service.current();
    const name = view.names.get(query.key);
    if (name === undefined) return next(ctx);
    const provider = chooseProvider(view, ctx);
    const addresses = steeredAddresses(view, provider, query.qtype);
    if (addresses.length === 0) {
      answers?.count(view, -1, query.qtype === RRType.A);
      return next(ctx); // no provider, or none with an address of this family: zone data
    }
    answers?.count(view, provider, query.qtype === RRType.A);
    // Answer templates per name, indexed by provider and family: no key string built per query.
    let perName = view.steeredAnswerTemplates.get(query.key);
    if (!perName) view.steeredAnswerTemplates.set(query.key, (perName = []));
    const slot = provider * 2 + (query.qtype === RRType.A ? 0 : 1);
    let template = perName[slot];
    if (!template) {
      templateCacheCounts[STEERED_MISS]!++;
      template = encodeResponse(ctx.msg, query, steeredContent(ctx, view, addresses), 65535);
      perName[slot] = template;
    } else templateCacheCounts[STEERED_HIT]!++;
    return answerFromTemplate(template, ctx) ?? encodeReply(ctx, steeredContent(ctx, view, addresses));
  };
}

/** The zone's answer for the name with the queried address RRset replaced by the provider's. */
function steeredContent(ctx: QueryContext, view: SteeringView, addresses: SteeredProvider["a"]): ResponseContent {
  const content = contentOfLookup(lookupInZones(ctx));
  const { qtype } = ctx.query;
  const name = view.names.get(ctx.query.key)!;
  const steered: RRsetLike = { name, type: qtype, class: 1, ttl: view.ttl, rdata: addresses };
  const answer = [...content.answer.filter((set) => set.type !== qtype), steered];
  return { ...content, rcode: 0, aa: true, answer };
}

/** Provider index for the query's source (ECS subnet, else resolver), or -1; sets the ECS scope on the reply's OPT. */
function chooseProvider(view: SteeringView, ctx: QueryContext): number {
  const ecs = ctx.query.edns?.clientSubnet;
  const provider = providerForQuery(view, ecs, ctx.remote.address, ctx.remote.family);
  if (subnetDecides(ecs) && ctx.edns?.clientSubnet) ctx.edns.clientSubnet.scopePrefix = view.decisions.scopeLength;
  return provider;
}
