import type { Server } from "node:http";
import { Counter, collectDefaultMetrics, Registry } from "prom-client";
import { listenMetrics } from "./responder-metrics.js";

/** Per provider, what one period of the worker's probe counters holds (packages/measure ProbeCounters). */
interface PeriodCounts {
  sent: number;
  answered: number;
  lost: number;
  failed: number;
  failedBy: Record<string, number>;
}

/**
 * The worker's Prometheus counters, fed from its periodic "probe-stats" event and its decide
 * thread's messages (so nothing is counted twice and the probing path is untouched).
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly probes = new Counter({
    name: "dnsteer_probes_total",
    help: "Probes by provider and result (sent, answered, lost, failed)",
    labelNames: ["provider", "result"],
    registers: [this.registry],
  });
  private readonly failures = new Counter({
    name: "dnsteer_probe_failures_total",
    help: "Probes that could not be sent, by provider and cause",
    labelNames: ["provider", "cause"],
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: "dnsteer_decision_changes_total",
    help: "Decisions changed or removed by the controller",
    labelNames: ["change"],
    registers: [this.registry],
  });
  private readonly evaluations = new Counter({
    name: "dnsteer_evaluations_total",
    help: "Controller evaluations",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "dnsteer_worker_" });
  }

  onProbeStats(byProvider: Record<string, PeriodCounts>): void {
    for (const [provider, c] of Object.entries(byProvider)) {
      this.probes.inc({ provider, result: "sent" }, c.sent);
      this.probes.inc({ provider, result: "answered" }, c.answered);
      this.probes.inc({ provider, result: "lost" }, c.lost);
      this.probes.inc({ provider, result: "failed" }, c.failed);
      for (const [cause, n] of Object.entries(c.failedBy)) this.failures.inc({ provider, cause }, n);
    }
  }

  onDecided(changed: number, removed: number): void {
    this.evaluations.inc();
    this.decisions.inc({ change: "changed" }, changed);
    this.decisions.inc({ change: "removed" }, removed);
  }

  /** On `metrics.listen`'s address, one port above the responder's (none when metrics.listen is null). */
  async listen(at: { address: string; port: number } | null): Promise<Server | undefined> {
    if (!at) return undefined;
    return listenMetrics(this.registry, at.address, at.port + 1);
  }
}
