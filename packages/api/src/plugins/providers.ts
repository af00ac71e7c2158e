import { type Provider, type ProviderHealth, type ProviderHealthList, routes } from "@dnsteer/api-contract";
import type { ProviderSettings, StoreBackend } from "@dnsteer/storage";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ApiError, notFound } from "../errors.js";
import { routeOf } from "../http/route.js";
import { onShared, writeShared } from "../shared-writes.js";
import type { MatrixTable } from "../views/matrix.js";
import { matrixCacheOf, progressView } from "../views/matrix-cache.js";
import { healthOf, providerView, providerViews } from "../views/providers.js";
import { actorOf } from "./actor.js";

/**
 * Providers: list, show, health, add/replace (PUT), change (PATCH), reset to the config file,
 * drain/undrain. Settings changed here are kept in the store's provider_overrides and applied
 * over the config file's at every sync (so they survive restarts); the providers table is
 * rewritten at once, so the worker's next evaluation uses them. Drain state lives in the
 * providers table (operator state the config sync keeps). On PostgreSQL both are written to the
 * shared database first (`writeShared`), where the decider reads them.
 */
export async function providersPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, dnsteerConfig: config } = app;
  const find = (name: string) => providerView(store, config, name) ?? noProvider(name);

  app.route({ ...routeOf(routes.listProviders), handler: async () => ({ providers: providerViews(store, config) }) });

  // Path sums and decision counts come from the latency matrix's build (one chunked read of the
  // store shared by both, see MatrixCache): reading every path's window per provider on the
  // event loop took 5 s at 100k sources. Until the first build of a big store ends the list answers
  // `status: "building"` at once (no entries); one provider's health waits for it.
  const cache = matrixCacheOf(app);
  const healthOfAll = (list: Provider[], table: MatrixTable | null): ProviderHealth[] => {
    const senders = new Map(store.listProviderHealth().map((h) => [h.provider, h]));
    const decisions = new Map(table?.shares.map((s) => [s.provider, s.decisions]));
    return list.map((p) => healthOf(p, table?.paths.get(p.name), senders.get(p.name), decisions.get(p.name) ?? 0));
  };
  const healthNow = async (list: Provider[]): Promise<ProviderHealth[]> => healthOfAll(list, (await cache.settled(true)).table);

  app.route({
    ...routeOf(routes.providersHealth),
    handler: async (): Promise<ProviderHealthList> => {
      const { table, building } = await cache.settled(false);
      if (table === null && building !== null) return { providers: [], status: "building", building: progressView(building) };
      return { providers: healthOfAll(providerViews(store, config), table), status: "ready", building: progressView(building) };
    },
  });

  app.route({ ...routeOf(routes.showProvider), handler: async (req) => find(req.params.name) });

  app.route({ ...routeOf(routes.providerHealth), handler: async (req) => (await healthNow([find(req.params.name)]))[0]! });

  /**
   * Store `settings` as the provider's override, resync the providers table, audit it. On
   * PostgreSQL the override and the providers it changes go to the shared database first (the
   * decider reads them there at its next evaluation), then here.
   */
  const change = async (
    req: FastifyRequest,
    name: string,
    action: string,
    settings: Partial<ProviderSettings> | null,
  ): Promise<Provider> => {
    const now = app.clock.now();
    return writeShared(
      app,
      (shared) => shared.putProviderOverride(name, settings, config.providers, now),
      () =>
        store.admin.change(actorOf(req), () => {
          const before = providerView(store, config, name) ?? null;
          if (settings) store.admin.providerOverrides.put(name, settings, now);
          else store.admin.providerOverrides.delete(name);
          store.syncProviders(config.providers);
          const after = providerView(store, config, name)!;
          return { result: after, audit: { action, target: name, before, after } };
        }),
    );
  };

  app.route({ ...routeOf(routes.putProvider), handler: async (req) => change(req, req.params.name, "provider.put", req.body) });

  app.route({
    ...routeOf(routes.patchProvider),
    handler: async (req) => {
      const name = req.params.name;
      find(name);
      // The override in force (on PostgreSQL the shared one: another site may have changed it since this one's mirror ran).
      const stored = app.shared
        ? (await onShared(app.shared, (shared) => shared.listProviderOverrides())).find((o) => o.name === name)
        : store.admin.providerOverrides.get(name);
      const previous = stored?.settings ?? {};
      return change(req, name, "provider.patch", { ...previous, ...req.body });
    },
  });

  app.route({
    ...routeOf(routes.resetProvider),
    handler: async (req) => {
      const p = find(req.params.name);
      if (p.origin === "api") {
        throw new ApiError(
          "conflict",
          `${p.name} was added through the API and has no config settings to return to; set enabled=false instead`,
          "params.name",
        );
      }
      return change(req, p.name, "provider.reset", null);
    },
  });

  const drain = async (req: FastifyRequest, name: string, drained: boolean): Promise<Provider> => {
    find(name);
    const shared = (backend: StoreBackend) => backend.setProviderDrained(name, drained, config.providers, app.clock.now());
    return writeShared(app, shared, () => drainHere(req, name, drained));
  };

  const drainHere = (req: FastifyRequest, name: string, drained: boolean): Provider =>
    store.admin.change(actorOf(req), () => {
      const before = find(name);
      // syncProviders first: a provider added through the API exists in the table only after a sync.
      if (!store.getProvider(name)) store.syncProviders(config.providers);
      store.setDrained(name, drained);
      const after = find(name);
      return {
        result: after,
        audit: {
          action: drained ? "provider.drain" : "provider.undrain",
          target: name,
          before: { drained: before.drained },
          after: { drained: after.drained },
        },
      };
    });

  app.route({ ...routeOf(routes.drainProvider), handler: async (req) => drain(req, req.params.name, true) });
  app.route({ ...routeOf(routes.undrainProvider), handler: async (req) => drain(req, req.params.name, false) });
}

function noProvider(name: string): never {
  throw notFound(`provider named ${JSON.stringify(name)}`, "params.name");
}
