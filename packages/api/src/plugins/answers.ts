import { type AnswerHistoryPage, MAX_ANSWER_RANGE_MS, routes } from "@dnsteer/api-contract";
import { AnswerCountRepo, MINUTE_MS } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { badField } from "../errors.js";
import { routeOf } from "../http/route.js";

const HOUR_MS = 3_600_000;

/**
 * The responders' steered answers per provider and minute (read only): what each responder
 * adds to the store every few seconds (storage migration 7), summed over responders, with the
 * range's totals per provider, for the dashboard's answer shares over time.
 */
export async function answersPlugin(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const repo = new AnswerCountRepo(app.store.db);

  app.route({
    ...routeOf(routes.answers),
    handler: async (req): Promise<AnswerHistoryPage> => {
      const until = req.query.until ?? app.clock.now();
      const since = Math.floor((req.query.since ?? until - HOUR_MS) / MINUTE_MS) * MINUTE_MS;
      if (since >= until) throw badField("query.since", "query.since: must be before until (default: now)");
      if (until - since > MAX_ANSWER_RANGE_MS)
        throw badField("query.since", `query.since: at most ${MAX_ANSWER_RANGE_MS / 86_400_000} days before until`);
      const minutes = repo.perMinute({ since, until, ...(req.query.provider === undefined ? {} : { provider: req.query.provider }) });
      const totals = new Map<string, { provider: string; a: number; aaaa: number }>();
      for (const m of minutes) {
        const t = totals.get(m.provider) ?? { provider: m.provider, a: 0, aaaa: 0 };
        t.a += m.a;
        t.aaaa += m.aaaa;
        totals.set(m.provider, t);
      }
      return { since, until, minutes, totals: [...totals.values()].sort((x, y) => x.provider.localeCompare(y.provider)) };
    },
  });
}
