import { routes } from "@dnsteer/api-contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField } from "../errors.js";
import { routeOf } from "../http/route.js";
import { writeShared } from "../shared-writes.js";
import { effectivePolicy, policyProblems, policyView, toSettings } from "../views/policy.js";
import { providerViews } from "../views/providers.js";
import { actorOf } from "./actor.js";

/**
 * Policy: get, validate, set. Set stores the settings in the store's policy_settings row (over
 * the config file's policy, replacing what was stored before); the worker reads that row at
 * each evaluation, so the next evaluation uses them. On PostgreSQL the row is written to the
 * shared database first (`writeShared`): the decider reads it there.
 */
export async function policyPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, dnsteerConfig: config } = app;
  const providerNames = () => new Set(providerViews(store, config).map((p) => p.name));

  app.route({ ...routeOf(routes.getPolicy), handler: async () => policyView(store, config) });

  app.route({
    ...routeOf(routes.validatePolicy),
    handler: async (req) => {
      const problems = policyProblems(req.body, config, providerNames());
      if (problems.length) return { valid: false, problems };
      return { valid: true, effective: toSettings(effectivePolicy(config, req.body)), problems };
    },
  });

  app.route({
    ...routeOf(routes.setPolicy),
    handler: async (req) => {
      const [problem] = policyProblems(req.body, config, providerNames());
      if (problem) throw badField(problem.field, `${problem.field}: ${problem.message}`);
      const now = app.clock.now();
      return writeShared(
        app,
        (shared) => shared.putStoredPolicy(req.body, now),
        () =>
          store.admin.change(actorOf(req), () => {
            const before = policyView(store, config);
            store.admin.policy.put(req.body, now);
            const after = policyView(store, config);
            return { result: after, audit: { action: "policy.set", target: "policy", before: before.stored, after: after.stored } };
          }),
      );
    },
  });
}
