import { routes } from "@dnsteer/api-contract";
import { DashboardReads } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { routeOf } from "../http/route.js";
import { buildMatrix, type MatrixTable, matrixRows } from "../views/matrix.js";
import { providerViews } from "../views/providers.js";

/** A changed store rebuilds the table at most this often (a busy worker changes it every second). */
const MIN_AGE_MS = 5000;

/**
 * The latency matrix (read only). Reading and ranking 100k rows takes a while, so the table is
 * built once and reused until the store changes (SQLite's data_version for the worker's and
 * analyzer's writes, the decisions counter, the provider list), and then at most every 5 s.
 */
export async function matrixPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, dnsteerConfig: config } = app;
  const reads = new DashboardReads(store.db);
  let cached: { table: MatrixTable; version: string } | undefined;

  const table = (): MatrixTable => {
    const now = app.clock.now();
    const providers = providerViews(store, config).map((p) => p.name);
    const version = `${store.dataVersion()}:${store.decisionsVersion()}:${providers.join(",")}`;
    if (
      cached &&
      (cached.version === version || now - cached.table.builtAt < MIN_AGE_MS) &&
      cached.table.providers.join(",") === providers.join(",")
    )
      return cached.table;
    const built = buildMatrix(
      { providers, sources: reads.sourceDemand(), cells: reads.pathCells(), decisions: reads.decisionBriefs() },
      now,
    );
    cached = { table: built, version };
    return built;
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
