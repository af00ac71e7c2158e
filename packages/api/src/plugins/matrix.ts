import { type MatrixPage, routes } from "@dnsteer/api-contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { routeOf } from "../http/route.js";
import { matrixRows } from "../views/matrix.js";
import { matrixCacheOf, progressView } from "../views/matrix-cache.js";

/**
 * The latency matrix (read only), a page of the table `MatrixCache` keeps: built a chunk at a
 * time off the store when the API is ready and again when the store changes. Until the first
 * build of a big store ends the answer is `status: "building"` with its progress and no rows;
 * afterwards the latest table answers while a newer one builds.
 */
export async function matrixPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const cache = matrixCacheOf(app);

  app.route({
    ...routeOf(routes.latencyMatrix),
    handler: async (req): Promise<MatrixPage> => {
      const q = req.query;
      const { table, building } = await cache.settled(false);
      const progress = progressView(building);
      if (table === null) {
        return {
          providers: [],
          items: [],
          total: 0,
          offset: q.offset,
          limit: q.limit,
          nextOffset: null,
          status: "building",
          building: progress,
          builtAt: null,
        };
      }
      const { items, total } = matrixRows(table, q);
      const next = q.offset + items.length;
      return {
        providers: table.providers,
        items,
        total,
        offset: q.offset,
        limit: q.limit,
        nextOffset: next < total ? next : null,
        status: "ready",
        building: progress,
        builtAt: table.builtAt,
      };
    },
  });
}
