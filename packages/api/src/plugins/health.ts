import { type Readiness, routes } from "@dnsteer/api-contract";
import { LATEST_VERSION } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { routeOf } from "../http/route.js";

/** /health (the process answers) and /ready (the store answers at the current schema, every zone loaded); no key needed. */
export async function healthPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.route({
    ...routeOf(routes.health),
    handler: async () => ({ status: "ok" as const, uptimeMs: Math.max(0, app.clock.now() - app.startedAt) }),
  });

  app.route({
    ...routeOf(routes.ready),
    handler: async (_req, reply) => {
      const checks: Readiness["checks"] = [storeCheck(app), zonesCheck(app)];
      const ready = checks.every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ ready, checks });
    },
  });
}

function storeCheck(app: FastifyInstance): Readiness["checks"][number] {
  try {
    app.store.dataVersion();
    const version = app.store.schemaVersion;
    const ok = version === LATEST_VERSION;
    return { name: "store", ok, message: ok ? `schema ${version}` : `schema ${version}, this build needs ${LATEST_VERSION}` };
  } catch (err) {
    return { name: "store", ok: false, message: (err as Error).message };
  }
}

function zonesCheck(app: FastifyInstance): Readiness["checks"][number] {
  const problems = app.zones.problems();
  if (problems.length === 0) return { name: "zones", ok: true, message: `${app.zones.list().length} zones loaded` };
  return { name: "zones", ok: false, message: problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("; ") };
}
