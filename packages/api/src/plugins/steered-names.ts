import { normalizeDnsName, routes } from "@dnsteer/api-contract";
import { effectiveSteeredNames } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField, notFound } from "../errors.js";
import { routeOf } from "../http/route.js";
import { writeShared } from "../shared-writes.js";
import { actorOf } from "./actor.js";

/**
 * Steered names: the config file's steering.names, changed through the store's steered_names
 * table (names added, configured names removed). The responder reads the names in force when
 * it starts or reloads. On PostgreSQL each change is written to the shared database first
 * (`writeShared`), from which every site's API process mirrors it into its local file.
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
      const change = { name, group: req.body.group ?? null, state: "added" as const, updatedAt: app.clock.now() };
      return writeShared(
        app,
        (shared) => shared.putSteeredName(change),
        () =>
          store.admin.change(actorOf(req), () => {
            const before = inForce().find((n) => n.name === name) ?? null;
            store.admin.steeredNames.put(change);
            const after = inForce().find((n) => n.name === name)!;
            return { result: after, audit: { action: "steered-name.put", target: name, before, after } };
          }),
      );
    },
  });

  app.route({
    ...routeOf(routes.deleteSteeredName),
    handler: async (req) => {
      const name = normalizeDnsName(req.params.name);
      const before = inForce().find((n) => n.name === name);
      if (!before) throw notFound(`steered name ${name}`, "params.name");
      const change = { name, group: null, state: "removed" as const, updatedAt: app.clock.now() };
      await writeShared(
        app,
        (shared) => shared.putSteeredName(change),
        () =>
          store.admin.change(actorOf(req), () => {
            store.admin.steeredNames.put(change);
            return { result: null, audit: { action: "steered-name.delete", target: name, before, after: null } };
          }),
      );
      return { name, removed: true as const };
    },
  });
}
