import { routes, type SourceQuery, type Source as SourceView, toPage } from "@dnsteer/api-contract";
import { parseAddress, parsePrefix, prefixContains } from "@dnsteer/net";
import type { Source, Store } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField } from "../errors.js";
import { routeOf } from "../http/route.js";

/** Sources (read only): the flow analyzer's sources by demand, or those matching an address or prefix. */
export async function sourcesPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = app;

  app.route({
    ...routeOf(routes.listSources),
    handler: async (req) => {
      const q = req.query;
      if (q.address !== undefined && q.prefix !== undefined)
        throw badField("query.prefix", "query.prefix: give address or prefix, not both");
      if (q.address === undefined && q.prefix === undefined) {
        const { items, total } = store.admin.sources.topByDemand(q.seenSince ?? 0, q.limit, q.offset);
        return toPage(items.map(sourceView), total, q);
      }
      const matches = search(store, q);
      return toPage(matches.slice(q.offset, q.offset + q.limit).map(sourceView), matches.length, q);
    },
  });
}

/**
 * A scan of the sources seen since `seenSince` (highest demand first): sources whose prefix
 * holds `address`, or that lie inside `prefix`. Prefix containment is not an index SQLite has.
 */
function search(store: Store, q: SourceQuery): Source[] {
  const all = store.listSources({ seenSince: q.seenSince ?? 0 });
  if (q.address !== undefined) {
    const address = parseAddress(q.address);
    return all.filter((s) => prefixContains(parsePrefix(`${s.address}/${s.prefixLength}`, "clear"), address));
  }
  const within = parsePrefix(q.prefix!);
  return all.filter((s) => prefixContains(within, parsePrefix(`${s.address}/${s.prefixLength}`, "clear")));
}

function sourceView(s: Source): SourceView {
  return {
    source: `${s.address}/${s.prefixLength}`,
    family: s.family,
    aggregate: s.aggregateAddress !== null && s.aggregatePrefixLength !== null ? `${s.aggregateAddress}/${s.aggregatePrefixLength}` : null,
    rate: s.rate,
    queries: s.queries,
    ecs: s.ecs,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
  };
}
