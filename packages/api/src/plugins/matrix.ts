import { routes } from "@dnsteer/api-contract";
import { DashboardReads } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { routeOf } from "../http/route.js";
import { buildMatrix, type MatrixTable, matrixRows } from "../views/matrix.js";
import { providerViews } from "../views/providers.js";
import { Rebuilt } from "../views/rebuilt.js";

/**
 * The latency matrix (read only). Reading and ranking 100k rows takes a while, so the table is
 * built once and reused until the store changes (SQLite's data_version for the worker's and
 * analyzer's writes, the decisions counter), then rebuilt at most every 5 s (see `Rebuilt`);
 * a changed provider list rebuilds it at once.
 */
export async function matrixPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, dnsteerConfig: config } = app;
  const reads = new DashboardReads(store.db);
  let providers: string[] = [];
  const rebuilt = new Rebuilt<MatrixTable>(() =>
    buildMatrix({ providers, sources: reads.sourceDemand(), cells: reads.pathCells(), decisions: reads.decisionBriefs() }, app.clock.now()),
  );

  const table = (): MatrixTable => {
    const now = providerViews(store, config).map((p) => p.name);
    if (now.join(",") !== providers.join(",")) rebuilt.invalidate();
    providers = now;
    return rebuilt.get(`${store.dataVersion()}:${store.decisionsVersion()}`, app.clock.now());
  };

  app.route({
    ...routeOf(routes.latencyMatrix),
    handler: async (req) => {
      const q = req.query;
      const t = table();
      const { items, total } = matrixRows(t, q);
      const next = q.offset + items.length;
      return {
        providers: t.providers,
        items,
        total,
        offset: q.offset,
        limit: q.limit,
        nextOffset: next < total ? next : null,
        builtAt: t.builtAt,
      };
    },
  });
}
