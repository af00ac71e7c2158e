import { routes, toPage } from "@dnsteer/api-contract";
import type { DecisionCause, DecisionLevel } from "@dnsteer/model";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { routeOf } from "../http/route.js";
import { onShared } from "../shared-writes.js";

/**
 * Decisions (read only, filtered and paginated) and explain: why a source gets its answer. With a
 * shared database (PostgreSQL) both read it; unreachable: 503 `postgres_unreachable`.
 */
export async function decisionsPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = app;

  app.route({
    ...routeOf(routes.listDecisions),
    handler: async (req) => {
      const q = req.query;
      const query = { provider: q.provider, level: q.level, cause: q.cause, limit: q.limit, offset: q.offset };
      // On PostgreSQL the decider's own rows (a site's local copy can lag, or be absent on a prober-only host).
      const { items, total } = app.shared
        ? await onShared(app.shared, (shared) => shared.pageDecisions(query))
        : store.admin.decisions.page(query);
      return toPage(
        items.map((d) => ({
          source: `${d.prefix}/${d.prefixLength}`,
          provider: d.provider,
          level: d.level as DecisionLevel | null,
          cause: d.cause as DecisionCause | null,
          from: d.from,
          decidedAt: d.decidedAt,
        })),
        total,
        q,
      );
    },
  });

  app.route({
    ...routeOf(routes.explain),
    handler: async (req) => app.explainer({ address: req.query.address, clientSubnet: req.query.ecs }),
  });
}
