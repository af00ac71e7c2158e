import { type ApiKeyView, routes } from "@dnsteer/api-contract";
import type { ApiKeyRecord } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { createApiKey } from "../auth/tokens.js";
import { ApiError, notFound } from "../errors.js";
import { routeOf } from "../http/route.js";
import { actorOf } from "./actor.js";

/** API keys (admin only): list, create (the token is answered once), revoke. Audited without tokens or hashes. */
export async function keysPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = app;

  app.route({ ...routeOf(routes.listKeys), handler: async () => ({ keys: store.admin.keys.list().map(keyView) }) });

  app.route({
    ...routeOf(routes.createKey),
    handler: async (req, reply) => {
      const created = store.admin.change(actorOf(req), () => {
        const { record, token } = createApiKey(store, req.body.name, req.body.scope, app.clock.now());
        return {
          result: { ...keyView(record), token },
          audit: { action: "key.create", target: record.id, before: null, after: keyView(record) },
        };
      });
      return reply.code(201).send(created);
    },
  });

  app.route({
    ...routeOf(routes.revokeKey),
    handler: async (req) => {
      const key = store.admin.keys.get(req.params.id);
      if (!key || key.revokedAt !== null) throw notFound(`active key ${req.params.id}`, "params.id");
      return store.admin.change(actorOf(req), () => {
        if (key.scope === "admin" && store.admin.keys.countActiveAdmins() === 1) {
          throw new ApiError("conflict", "this is the last admin key: create another admin key before revoking it", "params.id");
        }
        store.admin.keys.revoke(key.id, app.clock.now());
        const after = keyView(store.admin.keys.get(key.id)!);
        return { result: after, audit: { action: "key.revoke", target: key.id, before: keyView(key), after } };
      });
    },
  });
}

function keyView(k: ApiKeyRecord): ApiKeyView {
  return { id: k.id, name: k.name, scope: k.scope, createdAt: k.createdAt, revokedAt: k.revokedAt };
}
