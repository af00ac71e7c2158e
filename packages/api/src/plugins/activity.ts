import { type Activity, routes } from "@dnsteer/api-contract";
import type { DecisionCause } from "@dnsteer/model";
import { DashboardReads } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField } from "../errors.js";
import { routeOf } from "../http/route.js";
import { providerViews } from "../views/providers.js";
import { Rebuilt } from "../views/rebuilt.js";

const HOUR_MS = 3_600_000;
/** Buckets one answer may hold per series: past this a wider bucket is needed. */
const MAX_BUCKETS = 2000;

/**
 * Activity over time (read only), from what the store keeps: probe results (samples) per
 * provider, decisions by cause and time made, and the shares of decisions and demand now.
 * The responder's answer counters are not in the store; they are not here. The shares are
 * kept like the latency matrix (see \`Rebuilt\`); the buckets are read at each call.
 */
export async function activityPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, dnsteerConfig: config } = app;
  const repo = new DashboardReads(store.db);
  let providers: string[] = [];
  // Every provider, those with no decision too, in the providers' order.
  const shares = new Rebuilt(() => {
    const counted = new Map(repo.providerShares().map((s) => [s.provider, s]));
    const listed = providers.map((p) => counted.get(p) ?? { provider: p, decisions: 0, demand: 0, demandMbps: 0 });
    return [...listed, ...[...counted.values()].filter((s) => !providers.includes(s.provider))];
  });

  app.route({
    ...routeOf(routes.activity),
    handler: async (req): Promise<Activity> => {
      const until = app.clock.now();
      const since = req.query.since ?? until - HOUR_MS;
      const bucketMs = req.query.bucketMs;
      if (since >= until) throw badField("query.since", "query.since: must be in the past");
      if ((until - since) / bucketMs > MAX_BUCKETS)
        throw badField("query.bucketMs", `query.bucketMs: at most ${MAX_BUCKETS} buckets; widen the bucket or move since`);
      const names = providerViews(store, config).map((p) => p.name);
      if (names.join(",") !== providers.join(",")) shares.invalidate();
      providers = names;
      return {
        since,
        until,
        bucketMs,
        probes: repo.probeBuckets(since, until, bucketMs),
        decisions: repo
          .decisionBuckets(since, until, bucketMs)
          .map((b) => ({ at: b.at, cause: b.cause as DecisionCause | null, count: b.count })),
        shares: shares.get(`${store.dataVersion()}:${store.decisionsVersion()}`, until),
      };
    },
  });
}
