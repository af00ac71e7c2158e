import type { Store } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/** The window the probe gauges cover (probes/s = count / 300). */
const RECENT_MS = 300_000;

/**
 * The API process's /metrics (no key, like /health; bind the API to loopback or firewall it):
 * process metrics, requests by route and status, and the store's state read at scrape time —
 * decisions by provider, sources, probes of the last 5 minutes by provider, kind and result.
 */
export function addApiMetrics(app: FastifyInstance, store: Store): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "dnsteer_api_" });
  const requests = new Counter({
    name: "dnsteer_api_requests_total",
    help: "Admin API requests by route and status",
    labelNames: ["route", "status"],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    requests.inc({ route: req.routeOptions.url ?? "unmatched", status: String(reply.statusCode) });
  });
  const decisionsByProvider = store.db.prepare("SELECT provider, count(*) AS n FROM decisions GROUP BY provider");
  const sources = store.db.prepare("SELECT count(*) AS n FROM sources");
  const recentProbes = store.db.prepare(
    "SELECT provider, kind, sum(rtt_us IS NOT NULL) AS answered, sum(rtt_us IS NULL) AS lost FROM samples WHERE at >= ? GROUP BY provider, kind",
  );
  new Gauge({
    name: "dnsteer_decisions",
    help: "Sources steered to each provider (stored decisions)",
    labelNames: ["provider"],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of decisionsByProvider.all() as Array<{ provider: string; n: number }>) this.set({ provider: r.provider }, r.n);
    },
  });
  new Gauge({
    name: "dnsteer_sources",
    help: "Sources in the store",
    registers: [registry],
    collect() {
      this.set((sources.get() as { n: number }).n);
    },
  });
  new Gauge({
    name: "dnsteer_probes_recent",
    help: "Probe results stored in the last 5 minutes, by provider, kind and result (answered, lost)",
    labelNames: ["provider", "kind", "result"],
    registers: [registry],
    collect() {
      this.reset();
      const rows = recentProbes.all(Date.now() - RECENT_MS) as Array<{ provider: string; kind: string; answered: number; lost: number }>;
      for (const r of rows) {
        this.set({ provider: r.provider, kind: r.kind, result: "answered" }, r.answered);
        this.set({ provider: r.provider, kind: r.kind, result: "lost" }, r.lost);
      }
    },
  });
  app.get("/metrics", { config: { scope: "public" } }, async (_req, reply) => {
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
  return registry;
}
