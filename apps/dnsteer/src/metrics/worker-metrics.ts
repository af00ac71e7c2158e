import type { Server } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
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
  private readonly switches = new Counter({
    name: "dnsteer_decision_switches_total",
    help: "Sources moved to another provider (new sources included), by the cause of the new decision",
    labelNames: ["cause"],
    registers: [this.registry],
  });
  private readonly evaluationFailures = new Counter({
    name: "dnsteer_evaluation_failures_total",
    help: "Controller evaluations that failed (the previous decisions stayed in force), e.g. the database was unreadable",
    registers: [this.registry],
  });
  private readonly lastEvaluation = new Gauge({
    name: "dnsteer_last_evaluation_timestamp_seconds",
    help: "When the controller last finished an evaluation (Unix time)",
    registers: [this.registry],
  });
  private readonly rtt = new Histogram({
    name: "dnsteer_probe_rtt_seconds",
    help: "Round-trip time of answered path probes, by provider and probe kind (icmp, tcp)",
    labelNames: ["provider", "kind"],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
    registers: [this.registry],
  });
  /** The histogram's child per provider and kind, so a probe's observation looks up no labels. */
  private readonly rttChildren = new Map<string, Map<string, { observe(v: number): void }>>();
  private readonly commits = new Histogram({
    name: "dnsteer_store_commit_seconds",
    help: "Time the measurement writer's batch transactions took (samples and aggregates, lock wait included)",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  private readonly lastCommit = new Gauge({
    name: "dnsteer_store_last_commit_timestamp_seconds",
    help: "When the measurement writer last committed a batch (Unix time)",
    registers: [this.registry],
  });
  private readonly writeFailures = new Counter({
    name: "dnsteer_store_write_failures_total",
    help: "Failed writes of the measurement worker, by what was written (samples: kept and retried; retention)",
    labelNames: ["what"],
    registers: [this.registry],
  });
  private readonly healthy = new Gauge({
    name: "dnsteer_provider_healthy",
    help: "1 while the worker can probe out of the provider (and its service checks pass), 0 while it is unhealthy",
    labelNames: ["provider"],
    registers: [this.registry],
  });
  private readonly inFlight = new Gauge({
    name: "dnsteer_probes_in_flight",
    help: "Probes sent and not yet answered or timed out, at the last periodic report",
    registers: [this.registry],
  });

  /** `providers`: every configured provider, reported healthy until a report says otherwise. */
  constructor(private readonly providers: readonly string[] = []) {
    collectDefaultMetrics({ register: this.registry, prefix: "dnsteer_worker_" });
    for (const provider of providers) this.healthy.set({ provider }, 1);
  }

  /** The measure worker's RTT hook: a property, so it is created once. */
  readonly onRtt = (provider: string, kind: string, rttUs: number): void => {
    let kinds = this.rttChildren.get(provider);
    if (!kinds) this.rttChildren.set(provider, (kinds = new Map()));
    let child = kinds.get(kind);
    if (!child) kinds.set(kind, (child = this.rtt.labels(provider, kind)));
    child.observe(rttUs / 1e6);
  };

  /** A batch the writer committed (the "commit" event). */
  onCommit(commitMs: number, at: number): void {
    this.commits.observe(commitMs / 1000);
    this.lastCommit.set(at / 1000);
  }

  onWriteFailed(what: "samples" | "retention"): void {
    this.writeFailures.inc({ what });
  }

  onEvaluationFailed(): void {
    this.evaluationFailures.inc();
  }

  /** The periodic report's unhealthy providers (every other configured one is healthy) and probes in flight. */
  onHealth(unhealthy: readonly { provider: string }[], inFlight: number): void {
    const down = new Set(unhealthy.map((u) => u.provider));
    for (const provider of new Set([...this.providers, ...down])) this.healthy.set({ provider }, down.has(provider) ? 0 : 1);
    this.inFlight.set(inFlight);
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

  onDecided(changed: number, removed: number, switches: Record<string, number> = {}, at = Date.now()): void {
    this.evaluations.inc();
    this.lastEvaluation.set(at / 1000);
    for (const [cause, n] of Object.entries(switches)) this.switches.inc({ cause }, n);
    this.decisions.inc({ change: "changed" }, changed);
    this.decisions.inc({ change: "removed" }, removed);
  }

  /** On `metrics.listen`'s address, one port above the responder's (none when metrics.listen is null). */
  async listen(at: { address: string; port: number } | null): Promise<Server | undefined> {
    if (!at) return undefined;
    return listenMetrics(this.registry, at.address, at.port + 1);
  }
}
