import { randomBytes } from "node:crypto";
import { routes, type TsigKeyView } from "@dnsteer/api-contract";
import { type StoredTsigKey, TsigKeyRepo, tsigKeyName } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ApiError, notFound } from "../errors.js";
import { routeOf } from "../http/route.js";
import { actorOf } from "./actor.js";

/** Octets of a made secret: the hash's output length (RFC 8945 6 advises no less than half of it). */
const SECRET_OCTETS = { "hmac-sha1": 20, "hmac-sha256": 32, "hmac-sha384": 48, "hmac-sha512": 64 } as const;

/**
 * TSIG keys (admin only). Keys added here live in the store (migration 9), not in the config
 * file: the API never rewrites the operator's file, and the responder reads them at use, so a key
 * counts from the next transfer. The config's keys are listed too (origin "config") and cannot be
 * added again or deleted here. Secrets are answered once, on create, and never audited.
 */
export async function tsigKeysPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = app;
  const repo = new TsigKeyRepo(store.db);
  const configKey = (name: string) => app.dnsteerConfig.tsig.find((k) => tsigKeyName(k.name) === tsigKeyName(name));

  app.route({
    ...routeOf(routes.listTsigKeys),
    handler: async () => {
      const fromConfig: TsigKeyView[] = app.dnsteerConfig.tsig.map((k) => ({
        name: tsigKeyName(k.name),
        algorithm: k.algorithm,
        origin: "config",
        createdAt: null,
      }));
      return { keys: [...fromConfig, ...repo.list().map(view)].sort((a, b) => a.name.localeCompare(b.name)) };
    },
  });

  app.route({
    ...routeOf(routes.createTsigKey),
    handler: async (req, reply) => {
      const { name, algorithm } = req.body;
      if (configKey(name))
        throw new ApiError("conflict", `TSIG key ${tsigKeyName(name)} is in the config file: change it there`, "body.name");
      const secret = req.body.secret ?? randomBytes(SECRET_OCTETS[algorithm]).toString("base64");
      const created = store.admin.change(actorOf(req), () => {
        if (!repo.add({ name, algorithm, secret }, app.clock.now(), req.actor?.keyId ?? null))
          throw new ApiError("conflict", `TSIG key ${tsigKeyName(name)} exists: delete it first to replace it`, "body.name");
        const key = view(repo.get(name)!);
        return { result: key, audit: { action: "tsig-key.create", target: key.name, before: null, after: key } };
      });
      return reply.code(201).send({ ...created, secret });
    },
  });

  app.route({
    ...routeOf(routes.deleteTsigKey),
    handler: async (req) => {
      const { name } = req.params;
      if (configKey(name))
        throw new ApiError("conflict", `TSIG key ${tsigKeyName(name)} is in the config file: remove it there`, "params.name");
      const key = repo.get(name);
      if (!key) throw notFound(`TSIG key ${tsigKeyName(name)}`, "params.name");
      return store.admin.change(actorOf(req), () => {
        repo.delete(name);
        const before = view(key);
        return { result: before, audit: { action: "tsig-key.delete", target: before.name, before, after: null } };
      });
    },
  });
}

function view(k: StoredTsigKey): TsigKeyView {
  return { name: k.name, algorithm: k.algorithm, origin: "api", createdAt: k.createdAt };
}
