import { type Activity, routes } from "@dnsteer/api-contract";
import type { DecisionCause } from "@dnsteer/model";
import { DashboardReads } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField } from "../errors.js";
import { routeOf } from "../http/route.js";
import { matrixCacheOf, progressView } from "../views/matrix-cache.js";

const HOUR_MS = 3_600_000;
/** Buckets one answer may hold per series: past this a wider bucket is needed. */
const MAX_BUCKETS = 2000;

/**
 * Activity over time (read only), from what the store keeps: probe results (samples) per
 * provider, decisions by cause and time made, and the shares of decisions and demand now.
 * The responders' answers per provider are GET /v1/answers' (answers.ts). The shares are the
 * latency matrix build's (see \`MatrixCache\`): until its first build of a big store ends they are
 * empty and the answer says `status: "building"` (never waits); the buckets are read at each call.
 */
export async function activityPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = app;
  const repo = new DashboardReads(store.db);
  // The shares (every provider, those with no decision too, in the providers' order) come from the
  // latency matrix's build, which reads every decision and source anyway (see MatrixCache).
  const cache = matrixCacheOf(app);

  app.route({
    ...routeOf(routes.activity),
    handler: async (req): Promise<Activity> => {
      const until = app.clock.now();
      const since = req.query.since ?? until - HOUR_MS;
      const bucketMs = req.query.bucketMs;
      if (since >= until) throw badField("query.since", "query.since: must be in the past");
      if ((until - since) / bucketMs > MAX_BUCKETS)
        throw badField("query.bucketMs", `query.bucketMs: at most ${MAX_BUCKETS} buckets; widen the bucket or move since`);
      const { table, building } = await cache.settled(false);
      return {
        since,
        until,
        bucketMs,
        probes: repo.probeBuckets(since, until, bucketMs),
        decisions: repo
          .decisionBuckets(since, until, bucketMs)
          .map((b) => ({ at: b.at, cause: b.cause as DecisionCause | null, count: b.count })),
        shares: table?.shares ?? [],
        status: table === null && building !== null ? "building" : "ready",
        building: progressView(building),
      };
    },
  });
}
