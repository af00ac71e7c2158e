import { createServer, type Server } from "node:http";
import {
  type DnsServer,
  STEERED_HIT,
  STEERED_MISS,
  type SteeredAnswerCounts,
  templateCacheCounts,
  ZONE_CLEARED,
  ZONE_HIT,
  ZONE_MISS,
  ZONE_RECORDS_SLOT,
} from "@dnsteer/server";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { QueryCounters } from "./query-counters.js";
import { scrapeCounter } from "./scrape-counter.js";

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
  udpThreadMetrics(registry, server);
  templateMetrics(registry);
  if (counters.flow) flowMetrics(registry, counters.flow);
  if (counters.steered) steeredAnswerMetrics(registry, counters.steered);
  return registry;
}

/** Label of the answers the zone's own records gave to a steered name (no provider chosen or none with an address of the type). */
export const ZONE_RECORDS = "(zone)";

function steeredAnswerMetrics(registry: Registry, answers: SteeredAnswerCounts): void {
  new Counter({
    name: "dnsteer_steered_answers_total",
    help: `A/AAAA answers to steered names by chosen provider and type; provider="${ZONE_RECORDS}": the zone's own records answered`,
    labelNames: ["provider", "qtype"],
    registers: [registry],
    collect() {
      this.reset();
      for (let slot = 0; slot <= answers.names.length; slot++) {
        const provider = slot === ZONE_RECORDS_SLOT ? ZONE_RECORDS : answers.names[slot - 1]!;
        this.inc({ provider, qtype: "A" }, answers.of(slot, true));
        this.inc({ provider, qtype: "AAAA" }, answers.of(slot, false));
      }
    },
  });
}

/**
 * UDP packets per responder thread (0 = the main thread). The query counters above run on the
 * main thread only: what the extra SO_REUSEPORT threads (server.workers) answer shows here and
 * nowhere else yet.
 */
function udpThreadMetrics(registry: Registry, server: DnsServer): void {
  new Counter({
    name: "dnsteer_udp_packets_total",
    help: "UDP queries per responder thread (0: the main thread, whose answers the other dnsteer_dns_* and steered counters count) and result (received, answered, dropped, send_error)",
    labelNames: ["thread", "result"],
    registers: [registry],
    async collect() {
      const perThread = await server.udpStats();
      this.reset();
      for (const s of perThread) {
        const thread = String(s.worker);
        this.inc({ thread, result: "received" }, s.received);
        this.inc({ thread, result: "answered" }, s.answered);
        this.inc({ thread, result: "dropped" }, s.dropped);
        this.inc({ thread, result: "send_error" }, s.sendErrors);
      }
    },
  });
  new Counter({
    name: "dnsteer_udp_fast_lane_answers_total",
    help: "UDP answers per responder thread written in place by the batch path's fast lane (answer templates, nothing allocated); a part of dnsteer_udp_packets_total{result=answered}",
    labelNames: ["thread"],
    registers: [registry],
    async collect() {
      const perThread = await server.udpStats();
      this.reset();
      for (const s of perThread) this.inc({ thread: String(s.worker) }, s.fastLane);
    },
  });
}

function templateMetrics(registry: Registry): void {
  new Counter({
    name: "dnsteer_answer_template_lookups_total",
    help: "Answer template lookups by cache (zone: zone answers; steered: steered answers) and result (hit, miss)",
    labelNames: ["cache", "result"],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ cache: "zone", result: "hit" }, templateCacheCounts[ZONE_HIT]!);
      this.inc({ cache: "zone", result: "miss" }, templateCacheCounts[ZONE_MISS]!);
      this.inc({ cache: "steered", result: "hit" }, templateCacheCounts[STEERED_HIT]!);
      this.inc({ cache: "steered", result: "miss" }, templateCacheCounts[STEERED_MISS]!);
    },
  });
  new Counter({
    name: "dnsteer_answer_template_clears_total",
    help: "Times the zone answer template cache was full and started over",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(templateCacheCounts[ZONE_CLEARED]!);
    },
  });
}

function flowMetrics(registry: Registry, flow: NonNullable<QueryCounters["flow"]>): void {
  new Gauge({
    name: "dnsteer_flow_sources",
    help: "Sources in the flow table, and its capacity",
    labelNames: ["of"],
    registers: [registry],
    collect() {
      this.set({ of: "held" }, flow.held);
      this.set({ of: "capacity" }, flow.capacity);
    },
  });
  // The table's own tallies (packages/flow TableStats), as the flow thread last sent them.
  const tally = (name: string, help: string, read: () => number) => scrapeCounter(registry, name, help, read);
  tally(
    "dnsteer_flow_evictions_total",
    "Sources evicted from the full flow table (the coldest of a sample) to make room for a new one",
    () => flow.evictions,
  );
  tally(
    "dnsteer_flow_relocations_total",
    "Sources moved along their probe sequence by Brent's insert to shorten a new source's lookups",
    () => flow.relocations,
  );
  tally("dnsteer_flow_rehashes_total", "Flow table shards rehashed to clear tombstones", () => flow.rehashes);
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
