import type { Config } from "@dnsteer/config";
import type { ChainServices, DnsServer } from "@dnsteer/server";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { QueryCounters } from "./query-counters.js";
import { listenMetrics, responderRegistry } from "./responder-metrics.js";

/**
 * What `serve` needs for its /metrics: the query counters (the server's tally, which also
 * reads the steered answer counts), and, once the server runs, the listener on
 * `metrics.listen` (none when it is null). Returns the stopper.
 */
export function queryCounters(services: ChainServices): QueryCounters {
  const counters = new QueryCounters();
  counters.steered = services.steering?.answers;
  return counters;
}

export async function startResponderMetrics(
  config: Config,
  server: DnsServer,
  counters: QueryCounters,
  log: Logger,
  /** Adds more metrics to the registry (the shared-store bridge's). */
  extend?: (registry: Registry) => void,
): Promise<() => void> {
  const at = config.metrics.listen;
  if (!at) return () => {};
  const registry = responderRegistry(counters, server);
  extend?.(registry);
  const http = await listenMetrics(registry, at.address, at.port);
  log.info({ metrics: `http://${at.address.includes(":") ? `[${at.address}]` : at.address}:${at.port}/metrics` }, "metrics listening");
  return () => http.close();
}

/** "example.test. 2024010102" for each served zone: what the start and reload logs name. */
export function zoneSerials(server: DnsServer): string[] {
  return server
    .current()
    .zones.zones()
    .map((z) => `${z.origin} ${(z.soa.rdata[0] as { serial?: number } | undefined)?.serial ?? "?"}`);
}
