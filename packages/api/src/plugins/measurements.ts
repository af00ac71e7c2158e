import { type PathStatView, routes, type SampleView, toPage } from "@dnsteer/api-contract";
import { formatAddress, parsePrefix } from "@dnsteer/net";
import type { PathStat, Sample } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ApiError, badField, notFound } from "../errors.js";
import { routeOf } from "../http/route.js";
import { onShared } from "../shared-writes.js";
import { providerViews } from "../views/providers.js";
import { actorOf } from "./actor.js";

const ms = (us: number | null) => (us === null ? null : us / 1000);

/**
 * Measurements: the worker's latest path aggregates, one source's raw samples, and probe
 * requests. A probe request is stored (probe_requests) only for an address inside the
 * config's measure.scope: the same gate the worker applies before every probe. On PostgreSQL
 * (`app.shared`) the request is stored there, not in this site's file: every probe site carries
 * it out through the providers it hosts (apps/dnsteer's probe-site bridge) and the request's
 * results there are the merged answers; reads show PostgreSQL's (503 `postgres_unreachable`
 * when it cannot be reached: nothing stored). The audit entry stays in this site's file.
 */
export async function measurementsPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, dnsteerConfig: config } = app;

  app.route({
    ...routeOf(routes.latestMeasurements),
    handler: async (req) => {
      const q = req.query;
      const prefix = q.source === undefined ? undefined : parsePrefix(q.source);
      const { items, total } = store.admin.measurements.pathStats({
        prefix: prefix && formatAddress(prefix.bytes),
        prefixLength: prefix?.length,
        provider: q.provider,
        limit: q.limit,
        offset: q.offset,
      });
      return toPage(items.map(pathStatView), total, q);
    },
  });

  app.route({
    ...routeOf(routes.measurementHistory),
    handler: async (req) => {
      const q = req.query;
      if (q.since !== undefined && q.until !== undefined && q.until <= q.since)
        throw badField("query.until", "query.until: must be after since");
      const { items, total } = store.admin.measurements.sampleHistory({
        source: q.source,
        provider: q.provider,
        since: q.since,
        until: q.until,
        limit: q.limit,
        offset: q.offset,
      });
      return toPage(items.map(sampleView), total, q);
    },
  });

  app.route({
    ...routeOf(routes.requestProbe),
    handler: async (req, reply) => {
      const { address, provider } = req.body;
      const refusal = app.probeScope.refusal(address);
      if (refusal) throw new ApiError("out_of_scope", refusal, "body.address");
      if (provider !== undefined && !providerViews(store, config).some((p) => p.name === provider)) {
        throw badField("body.provider", `body.provider: no provider named ${JSON.stringify(provider)}`);
      }
      const actor = actorOf(req);
      const now = app.clock.now();
      const sharedRequest = app.shared
        ? await onShared(app.shared, (shared) => shared.addProbeRequest(address, provider ?? null, actor.keyId, now))
        : undefined;
      const request = store.admin.change(actor, () => {
        const r = sharedRequest ?? store.admin.probeRequests.add(address, provider ?? null, actor.keyId, now);
        return { result: r, audit: { action: "probe.request", target: r.address, before: null, after: r } };
      });
      return reply.code(202).send(request);
    },
  });

  app.route({
    ...routeOf(routes.listProbeRequests),
    handler: async (req) => {
      const { items, total } = app.shared
        ? await onShared(app.shared, (shared) => shared.pageProbeRequests(req.query.limit, req.query.offset))
        : store.admin.probeRequests.page(req.query.limit, req.query.offset);
      return toPage(items, total, req.query);
    },
  });

  app.route({
    ...routeOf(routes.showProbeRequest),
    handler: async (req) =>
      (app.shared
        ? await onShared(app.shared, (shared) => shared.getProbeRequest(req.params.id))
        : store.admin.probeRequests.get(req.params.id)) ?? failNotFound(`probe request ${req.params.id}`, "params.id"),
  });
}

function failNotFound(what: string, field: string): never {
  throw notFound(what, field);
}

function pathStatView(s: PathStat): PathStatView {
  return {
    source: `${s.prefix}/${s.prefixLength}`,
    provider: s.provider,
    kind: s.kind,
    medianRttMs: ms(s.medianRttUs),
    ewmaRttMs: ms(s.ewmaRttUs),
    lastRttMs: ms(s.lastRttUs),
    loss: s.lossRatio,
    jitterMs: s.jitterUs / 1000,
    window: s.window.length,
    samples: s.sampleCount,
    updatedAt: s.updatedAt,
  };
}

function sampleView(s: Sample): SampleView {
  return { id: s.id, source: s.source, provider: s.provider, kind: s.kind, family: s.family, rttMs: ms(s.rttUs), at: s.at };
}
