import { createServer, type Server } from "node:http";
import type { DnsServer } from "@dnsteer/server";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { QueryCounters } from "./query-counters.js";

/**
 * The responder's Prometheus registry, CoreDNS-style names (dnsteer_dns_*): everything is read
 * at scrape time from the counters the hot path increments and from the server's state.
 */
export function responderRegistry(counters: QueryCounters, server: DnsServer): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "dnsteer_responder_" });
  new Counter({
    name: "dnsteer_dns_responses_total",
    help: "Queries answered, by transport, client address family, query type and response code",
    labelNames: ["transport", "family", "qtype", "rcode"],
    registers: [registry],
    collect() {
      // The hot path's cells only grow, so their totals are the counter's values.
      this.reset();
      counters.forEach((transport, family, qtype, rcode, n) => this.inc({ transport, family, qtype, rcode }, n));
    },
  });
  new Gauge({
    name: "dnsteer_dns_zone_serial",
    help: "SOA serial of each served zone",
    labelNames: ["zone"],
    registers: [registry],
    collect() {
      this.reset();
      for (const z of server.current().zones.zones()) {
        const soa = z.soa.rdata[0] as { serial?: number } | undefined;
        this.set({ zone: z.origin }, soa?.serial ?? 0);
      }
    },
  });
  new Gauge({
    name: "dnsteer_dns_tcp_connections",
    help: "Open DNS-over-TCP connections per listen address",
    labelNames: ["listener"],
    registers: [registry],
    collect() {
      this.reset();
      server.tcpStats().forEach((s, i) => this.set({ listener: String(i) }, s.open));
    },
  });
  new Gauge({
    name: "dnsteer_dns_template_cache_entries",
    help: "Pre-encoded answers held by the template cache (emptied at each reload and when full)",
    registers: [registry],
    collect() {
      this.set(server.current().zoneAnswerTemplates.size);
    },
  });
  if (counters.flow) {
    const flow = counters.flow;
    new Gauge({
      name: "dnsteer_flow_sources",
      help: "Sources in the flow table, and its capacity",
      labelNames: ["of"],
      registers: [registry],
      collect() {
        this.set({ of: "held" }, flow.size);
        this.set({ of: "capacity" }, flow.capacity);
      },
    });
  }
  return registry;
}

/** A small HTTP listener answering GET /metrics (anything else 404). */
export async function listenMetrics(registry: Registry, address: string, port: number): Promise<Server> {
  const http = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { "content-type": registry.contentType }).end(body),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, address, () => resolve());
  });
  return http;
}
