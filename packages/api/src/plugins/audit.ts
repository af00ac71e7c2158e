import { routes, toPage } from "@dnsteer/api-contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { routeOf } from "../http/route.js";

/** The audit log, newest first (the store's audit_log: append-only, written with each change). */
export async function auditPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.route({
    ...routeOf(routes.listAudit),
    handler: async (req) => {
      const { items, total } = app.store.admin.audit.page(req.query);
      return toPage(items, total, req.query);
    },
  });
}
