import { normalizeDnsName, routes } from "@dnsteer/api-contract";
import { effectiveSteeredNames } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField, notFound } from "../errors.js";
import { routeOf } from "../http/route.js";
import { actorOf } from "./actor.js";

/**
 * Steered names: the config file's steering.names, changed through the store's steered_names
 * table (names added, configured names removed). The responder reads the names in force when
 * it starts or reloads.
 */
export async function steeredNamesPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, zones, dnsteerConfig: config } = app;
  const inForce = () => effectiveSteeredNames(config.steering?.names ?? [], store.admin.steeredNames.list());

  app.route({ ...routeOf(routes.listSteeredNames), handler: async () => ({ names: inForce() }) });

  app.route({
    ...routeOf(routes.putSteeredName),
    handler: async (req) => {
      const name = normalizeDnsName(req.params.name);
      if (zones.zoneOf(name) === undefined) throw badField("params.name", `params.name: ${name} is not inside a served zone`);
      const group = req.body.group ?? null;
      return store.admin.change(actorOf(req), () => {
        const before = inForce().find((n) => n.name === name) ?? null;
        store.admin.steeredNames.put({ name, group, state: "added", updatedAt: app.clock.now() });
        const after = inForce().find((n) => n.name === name)!;
        return { result: after, audit: { action: "steered-name.put", target: name, before, after } };
      });
    },
  });

  app.route({
    ...routeOf(routes.deleteSteeredName),
    handler: async (req) => {
      const name = normalizeDnsName(req.params.name);
      const before = inForce().find((n) => n.name === name);
      if (!before) throw notFound(`steered name ${name}`, "params.name");
      store.admin.change(actorOf(req), () => {
        store.admin.steeredNames.put({ name, group: null, state: "removed", updatedAt: app.clock.now() });
        return { result: null, audit: { action: "steered-name.delete", target: name, before, after: null } };
      });
      return { name, removed: true as const };
    },
  });
}
