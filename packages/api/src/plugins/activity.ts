import { type Activity, routes } from "@dnsteer/api-contract";
import type { DecisionCause } from "@dnsteer/model";
import { DashboardReads } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField } from "../errors.js";
import { routeOf } from "../http/route.js";
import { providerViews } from "../views/providers.js";

const HOUR_MS = 3_600_000;
/** Buckets one answer may hold per series: past this a wider bucket is needed. */
const MAX_BUCKETS = 2000;

/**
 * Activity over time (read only), from what the store keeps: probe results (samples) per
 * provider, decisions by cause and time made, and the shares of decisions and demand now.
 * The responder's answer counters are not in the store; they are not here.
 */
export async function activityPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, dnsteerConfig: config } = app;
  const repo = new DashboardReads(store.db);

  app.route({
    ...routeOf(routes.activity),
    handler: async (req): Promise<Activity> => {
      const until = app.clock.now();
      const since = req.query.since ?? until - HOUR_MS;
      const bucketMs = req.query.bucketMs;
      if (since >= until) throw badField("query.since", "query.since: must be in the past");
      if ((until - since) / bucketMs > MAX_BUCKETS)
        throw badField("query.bucketMs", `query.bucketMs: at most ${MAX_BUCKETS} buckets; widen the bucket or move since`);
      const perProvider = new Map(
        providerViews(store, config).map((p) => [p.name, { provider: p.name, decisions: 0, demand: 0, demandMbps: 0 }]),
      );
      const rateOf = new Map(repo.sourceDemand().map((s) => [`${s.address}/${s.prefixLength}`, s.rate]));
      for (const d of repo.decisionBriefs()) {
        const share = perProvider.get(d.provider) ?? { provider: d.provider, decisions: 0, demand: 0, demandMbps: 0 };
        share.decisions += 1;
        share.demand += rateOf.get(`${d.prefix}/${d.prefixLength}`) ?? 0;
        share.demandMbps += d.demandMbps;
        perProvider.set(d.provider, share);
      }
      return {
        since,
        until,
        bucketMs,
        probes: repo.probeBuckets(since, until, bucketMs),
        decisions: repo
          .decisionBuckets(since, until, bucketMs)
          .map((b) => ({ at: b.at, cause: b.cause as DecisionCause | null, count: b.count })),
        shares: [...perProvider.values()],
      };
    },
  });
}
