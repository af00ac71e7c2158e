import type { Server } from "node:http";
import { Gauge, Registry } from "prom-client";
import { listenMetrics } from "../metrics/responder-metrics.js";
import { scrapeCounter } from "../metrics/scrape-counter.js";
import type { LeadingDecider } from "./leading-decider.js";

/**
 * `dnsteer decide`'s /metrics, on `metrics.listen` port + 2 (the responder has the port, the
 * worker + 1): leading or not, the term held, evaluations, failures and refused (fenced) writes.
 */
export function deciderRegistry(decider: LeadingDecider): Registry {
  const registry = new Registry();
  new Gauge({
    name: "dnsteer_decider_leading",
    help: "1 while this decider holds the election and decides, 0 standing by",
    registers: [registry],
    collect() {
      this.set(decider.leading ? 1 : 0);
    },
  });
  new Gauge({
    name: "dnsteer_decider_term",
    help: "The election term (fencing epoch) this decider holds; 0 standing by",
    registers: [registry],
    collect() {
      this.set(decider.term);
    },
  });
  const counter = (name: string, help: string, value: () => number) => scrapeCounter(registry, name, help, value);
  counter("dnsteer_decider_evaluations_total", "Evaluations run while leading", () => decider.counts.evaluations);
  counter("dnsteer_decider_failures_total", "Evaluations that failed (previous decisions stay in force)", () => decider.counts.failures);
  counter(
    "dnsteer_decider_fenced_writes_total",
    "Decision writes the database refused because a newer decider was elected (this one then stepped down)",
    () => decider.counts.fencedWrites,
  );
  return registry;
}

/** Listens on port + 2 of `metrics.listen`; null: none. */
export function listenDeciderMetrics(registry: Registry, at: { address: string; port: number } | null): Promise<Server | undefined> {
  return at ? listenMetrics(registry, at.address, at.port + 2) : Promise.resolve(undefined);
}
