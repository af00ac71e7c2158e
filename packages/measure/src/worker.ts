import { LogLimiter } from "@dnsteer/log-limit";
import { prefixKey } from "@dnsteer/net";
import { isLoss, LocalAddresses, type ProbeKind, type ProbeResult, type Prober, type ProbeSource } from "@dnsteer/probe";
import { Store } from "@dnsteer/storage";
import { AddressPolicy } from "./address-policy.js";
import { parseWorkerConfig, type WorkerConfig, type WorkerConfigInput } from "./config.js";
import { MeasureError } from "./errors.js";
import { type HostView, hostProblems, readHost } from "./host-checks.js";
import { ProbeCounters } from "./probe-counters.js";
import { ProbeRequestRunner } from "./probe-requests.js";
import { openProbers } from "./probers.js";
import { isProviderGone, ProviderHealth, type ProviderHealthState } from "./provider-health.js";
import { setMainThreadRealtime } from "./realtime.js";
import { SampleRecorder } from "./recorder.js";
import { type ScheduledProbe, Scheduler } from "./scheduler.js";
import { combinedHealth, ServiceCheckLog, ServiceChecks } from "./service-checks/index.js";
import type { ServiceState } from "./service-checks/service-checks.js";
import { StoreWriter, type WriterReply } from "./store-writer.js";

/**
 * A log event. `level` says how loud it should be where it is logged ("warn": a provider or the
 * probes are in trouble; "info": the periodic `probe-stats` and health coming back; anything
 * else is detail).
 */
export interface WorkerEvent {
  event: string;
  level?: "warn" | "info";
  [key: string]: unknown;
}

export interface WorkerHooks {
  /** Abort to stop: in-flight probes finish (bounded by the probe timeout), the buffer is flushed. */
  signal?: AbortSignal;
  log?: (e: WorkerEvent) => void;
  /** Replace the real probers (tests); the worker does not close probers it did not open. */
  probers?: Map<ProbeKind, Prober>;
  /** The host the start-up checks look at (tests); default: this host (iproute2, local addresses); null: no checks. */
  host?: HostView | null;
  /** Hears each answered path probe's RTT (µs), e.g. for a histogram; called on the probing thread, so keep it cheap. */
  onRtt?: (provider: string, kind: ProbeKind, rttUs: number) => void;
}

/** `errors`: probes that could not be sent (by any cause); `failedBy`: the same per provider and cause. */
export interface WorkerSummary {
  probes: number;
  replies: number;
  losses: number;
  errors: number;
  committed: number;
  batches: number;
  failedBy: Record<string, Record<string, number>>;
}

/** The measurement loop: targets from SQLite, probes paced by the scheduler, results back to SQLite. */
export async function runWorker(input: WorkerConfigInput | WorkerConfig, hooks: WorkerHooks = {}): Promise<WorkerSummary> {
  const cfg = parseWorkerConfig(input);
  const log = hooks.log ?? (() => {});
  // Before anything is opened: a source that is not ours or a device without a route would make
  // every probe from that provider fail; say which key, once, instead.
  const host =
    hooks.host === undefined
      ? readHost(
          (a) => new LocalAddresses().has(a),
          cfg.providers.some((p) => p.device),
        )
      : hooks.host;
  const problems = host === null ? [] : hostProblems(cfg.providers, host);
  if (problems.length) throw new MeasureError("BAD_CONFIG", problems.join("; "));
  const serviceLog = new ServiceCheckLog(log);
  const services = new ServiceChecks(
    cfg.providers.filter((p) => p.enabled !== false),
    serviceLog,
    now,
  );
  const store = Store.open(cfg.database, { synchronous: cfg.synchronous });
  const ownProbers = !hooks.probers;
  const probers = hooks.probers ?? openProbers(cfg, log);
  const summary: WorkerSummary = { probes: 0, replies: 0, losses: 0, errors: 0, committed: 0, batches: 0, failedBy: {} };
  let writer: StoreWriter | undefined;
  try {
    store.syncProviders(cfg.providers);
    // The device is per host, not stored: it comes from config, joined by provider name.
    const devices = new Map(cfg.providers.map((p) => [p.name, p.device ?? null]));
    const providers = new Map<string, ProbeSource>(
      store
        .listProviders()
        .filter((p) => p.enabled)
        .map((p) => [p.name, { ...p, device: devices.get(p.name) ?? null }]),
    );
    const kinds = cfg.schedule.kinds.filter((k) => probers.has(k));
    if (kinds.length === 0) throw new Error("no usable probe kind");
    const scope = new AddressPolicy(cfg.scope);
    const scheduler = new Scheduler({ ...cfg.schedule, kinds }, scope, now());
    scheduler.setProviders(
      [...providers.values()].map((p) => ({
        name: p.name,
        families: [...(p.sourceV4 ? [4 as const] : []), ...(p.sourceV6 ? [6 as const] : [])],
      })),
    );
    const recorder = new SampleRecorder(store, cfg.aggregate);
    writer = await StoreWriter.start(cfg.database, cfg.synchronous, 500_000, (r) => onWriterReply(r, summary, log));
    if (cfg.probe.realtimePriority !== undefined) {
      const refused = await setMainThreadRealtime(cfg.probe.realtimePriority);
      log(refused ? { event: "realtime-refused", error: refused } : { event: "realtime", priority: cfg.probe.realtimePriority });
    }
    const health = new ProviderHealth([...providers.keys()], now());
    writer.health(health.list(), now()); // a restarted worker starts from healthy, until a probe says otherwise
    const loop = new Loop(cfg, hooks.signal, store, scheduler, recorder, writer, probers, providers, summary, log, health, services);
    loop.takeRequests(scope, kinds);
    loop.onRtt = hooks.onRtt;
    serviceLog.onProvider = (state) => loop.noteService(state);
    services.start();
    log({ event: "started", providers: [...providers.keys()], kinds });
    await loop.run();
    await services.stop();
    await writer.close();
    summary.failedBy = failedByOf(loop.counters.totals);
    log({ event: "stopped", ...summary });
    return summary;
  } finally {
    await services.stop();
    if (ownProbers) for (const p of probers.values()) p.close();
    await writer?.close();
    store.close();
  }
}

function onWriterReply(r: WriterReply, summary: WorkerSummary, log: (e: WorkerEvent) => void): void {
  if (r.type === "committed" && r.batch) {
    summary.committed += r.batch.count;
    summary.batches += 1;
    log({ event: "commit", batch: summary.batches, ...r.batch });
  } else if (r.type === "failed") {
    log({ event: "flush-failed", error: r.error, buffered: r.buffered });
  } else if (r.type === "retention" && r.deleted > 0) {
    log({ event: "retention", deleted: r.deleted });
  } else if (r.type === "retention-failed") {
    log({ event: "retention-failed", error: r.error });
  }
}

function failedByOf(totals: ProbeCounters["totals"]): WorkerSummary["failedBy"] {
  return Object.fromEntries(
    Object.entries(totals)
      .filter(([, c]) => c.failed > 0)
      .map(([p, c]) => [p, { ...c.failedBy }]),
  );
}

/** How often the loop looks for the API's probe requests (`dnsteer measure` polls every 250 ms). */
const REQUEST_POLL_MS = 1000;

class Loop {
  private inFlight = 0;
  private requests: ProbeRequestRunner | undefined;
  readonly counters = new ProbeCounters();
  onRtt: WorkerHooks["onRtt"];
  /** One probe-failed line per provider and cause per 10 s; the rest counted (`probe-failures-suppressed`). */
  private readonly warnings = new LogLimiter<{ family: number; target: string; error: string }>({ windowMs: 10_000 });

  constructor(
    private readonly cfg: WorkerConfig,
    private readonly signal: AbortSignal | undefined,
    private readonly store: Store,
    private readonly scheduler: Scheduler,
    private readonly recorder: SampleRecorder,
    private readonly writer: StoreWriter,
    private readonly probers: Map<ProbeKind, Prober>,
    private readonly providers: Map<string, ProbeSource>,
    private readonly summary: WorkerSummary,
    private readonly log: (e: WorkerEvent) => void,
    private readonly health: ProviderHealth,
    private readonly services: ServiceChecks,
  ) {}

  /** Carry out the API's probe requests too (within `scope`, with `kinds`), polled every REQUEST_POLL_MS. */
  takeRequests(scope: AddressPolicy, kinds: readonly ProbeKind[]): void {
    this.requests = new ProbeRequestRunner(
      this.store,
      scope,
      this.probers,
      kinds,
      this.providers,
      (prober, address, provider) => this.sendRequested(prober, address, provider),
      (id, error) => this.log({ event: "probe-request-failed", level: "warn", id, error }),
      now,
    );
  }

  async run(): Promise<void> {
    const { storage, run, probe } = this.cfg;
    const start = now();
    const deadline = run.durationMs === undefined ? Infinity : start + run.durationMs;
    const maxProbes = run.maxProbes ?? Infinity;
    let nextRefresh = start;
    let nextFlush = start + storage.flushMs;
    let nextRetention = start + storage.retentionEveryMs;
    let nextRequestPoll = start;
    let statsFrom = start;
    while (!this.signal?.aborted && now() < deadline) {
      const t = now();
      if (t >= nextRefresh) {
        this.refreshTargets(t);
        nextRefresh = t + storage.refreshTargetsMs;
      }
      if (t >= nextFlush) {
        this.flush();
        nextFlush = t + storage.flushMs;
      }
      if (t >= nextRetention) {
        this.retention(t);
        nextRetention = t + storage.retentionEveryMs;
      }
      if (this.requests && t >= nextRequestPoll) {
        this.pollRequests();
        nextRequestPoll = t + REQUEST_POLL_MS;
      }
      if (t - statsFrom >= probe.statsEveryMs) {
        this.suppressedFailures(t);
        this.stats(t - statsFrom);
        statsFrom = t;
      }
      let waitMs = 0;
      // Bounded per turn so replies and timers get the event loop between dispatch rounds.
      for (let i = 0; i < 1000; i++) {
        if (this.inFlight >= probe.maxInFlight || this.summary.probes >= maxProbes) {
          waitMs = 1;
          break;
        }
        const next = this.scheduler.next(now());
        if ("waitMs" in next) {
          waitMs = next.waitMs;
          break;
        }
        this.launch(next);
      }
      await sleep(Math.min(waitMs, 50, Math.max(0, nextFlush - now())));
    }
    const drainUntil = now() + probe.timeoutMs + 500;
    while (this.inFlight > 0 && now() < drainUntil) await sleep(5);
    await this.requests?.settle();
    this.flush();
  }

  private pollRequests(): void {
    try {
      this.requests!.poll();
    } catch (err) {
      // A busy or locked database must not stop the probing; the next poll tries again.
      this.log({ event: "probe-request-failed", level: "warn", error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** One probe for a probe request: counted in the probe statistics and in flight, not a path sample. */
  private async sendRequested(prober: Prober, address: string, provider: ProbeSource): Promise<ProbeResult> {
    this.counters.sent(provider.name);
    this.inFlight += 1;
    try {
      const result = await prober.probe({ address }, provider);
      if (isLoss(result)) this.counters.lost(provider.name);
      else this.counters.answered(provider.name);
      return result;
    } catch (err) {
      this.counters.failed(provider.name, (err as { code?: string }).code ?? "UNKNOWN");
      throw err;
    } finally {
      this.inFlight -= 1;
    }
  }

  private launch(p: ScheduledProbe): void {
    const prober = this.probers.get(p.kind)!;
    this.summary.probes += 1;
    this.inFlight += 1;
    this.counters.sent(p.provider);
    const launchedAt = now();
    prober
      .probe({ address: p.address }, this.providers.get(p.provider)!)
      .then(
        (result) => this.onResult(p, result, launchedAt),
        (err: { code?: string; message?: string }) => this.onError(p, err, launchedAt),
      )
      .finally(() => {
        this.inFlight -= 1;
      });
  }

  private onResult(p: ScheduledProbe, result: ProbeResult, launchedAt: number): void {
    const t = now();
    if (!isLoss(result)) {
      this.summary.replies += 1;
      this.counters.answered(p.provider);
      this.onRtt?.(p.provider, p.kind, result.rttUs);
      this.noteHealth(this.health.sent(p.provider, p.family, launchedAt, t));
      this.recordLosses(p, this.scheduler.report(p, true, result.rttUs, t), t);
      this.recorder.add(p, result.rttUs, t);
      return;
    }
    this.summary.losses += 1;
    this.recordLosses(p, this.scheduler.report(p, false, undefined, t, isProviderGone(result.error)), t);
    if (isProviderGone(result.error)) {
      // The send itself failed here (no route out of the provider's link): a loss of the path,
      // and evidence about the provider.
      this.failed(p, result.error!, `send failed: ${result.error}`, launchedAt, t);
    } else {
      this.counters.lost(p.provider);
      this.noteHealth(this.health.sent(p.provider, p.family, launchedAt, t));
    }
  }

  /**
   * The prober refused the probe. When the provider's source or device is gone, that is a loss
   * of the path (recorded: otherwise the path keeps its last, healthy-looking samples) and of the
   * provider; other codes are misconfiguration (no source for the family, ...): not a sample.
   */
  private onError(p: ScheduledProbe, err: { code?: string; message?: string }, launchedAt: number): void {
    const t = now();
    const code = err.code ?? "UNKNOWN";
    this.summary.errors += 1;
    if (isProviderGone(code)) {
      this.summary.losses += 1;
      this.recordLosses(p, this.scheduler.report(p, false, undefined, t, true), t);
    }
    this.failed(p, code, err.message ?? code, launchedAt, t);
  }

  /** Losses the scheduler says are the path's (a silent kind's are held until the other kind tells). */
  private recordLosses(p: ScheduledProbe, n: number, t: number): void {
    for (let i = 0; i < n; i++) this.recorder.add(p, null, t);
  }

  private failed(p: ScheduledProbe, code: string, detail: string, launchedAt: number, t: number): void {
    this.counters.failed(p.provider, code);
    if (isProviderGone(code)) this.noteHealth(this.health.failed(p.provider, p.family, code, detail, launchedAt, t));
    if (this.warnings.admit(`${p.provider}|${code}`, { family: p.family, target: p.address, error: detail }, t)) {
      this.log({ event: "probe-failed", level: "warn", provider: p.provider, family: p.family, target: p.address, code, error: detail });
    }
  }

  /** The probe failures held back in windows that have ended, one line per provider and cause. */
  private suppressedFailures(t: number): void {
    for (const s of this.warnings.due(t)) {
      const [provider, code] = s.key.split("|");
      this.log({ event: "probe-failures-suppressed", level: "warn", provider, code, suppressed: s.count, windowMs: s.windowMs, ...s.last });
    }
  }

  /** A provider's service checks changed its verdict: store the combined row, say so. */
  noteService(state: ServiceState): void {
    const sender = this.health.get(state.provider);
    if (!sender) return;
    const row = combinedHealth(sender, state);
    this.writer.health([row], state.since);
    // Only while the sender is healthy does the service decide (else the row keeps the send failure).
    if (!sender.healthy) return;
    if (state.healthy) this.log({ event: "provider-healthy", level: "info", provider: state.provider, cause: "service-check" });
    else {
      this.log({
        event: "provider-unhealthy",
        level: "warn",
        provider: state.provider,
        cause: row.cause,
        family: row.family,
        error: `${row.detail}: ${state.provider} is not answered until its service passes its checks again`,
      });
    }
  }

  /** A provider's health changed: say so, and store it (combined with its service checks) for the controller. */
  private noteHealth(change: ProviderHealthState | null): void {
    if (!change) return;
    this.writer.health([combinedHealth(change, this.services.get(change.provider))], change.since);
    if (change.healthy) this.log({ event: "provider-healthy", level: "info", provider: change.provider });
    else {
      this.log({
        event: "provider-unhealthy",
        level: "warn",
        provider: change.provider,
        cause: change.cause,
        family: change.family,
        error: `${change.detail}: every path of ${change.provider} counts as down until a probe from it leaves again`,
      });
    }
  }

  /** The periodic line: per provider, probes sent, answered, lost and failed (by cause) over the period. */
  private stats(periodMs: number): void {
    const unhealthy = this.health
      .list()
      .map((h) => combinedHealth(h, this.services.get(h.provider)))
      .filter((h) => !h.healthy)
      .map((h) => ({ provider: h.provider, cause: h.cause, since: h.since }));
    this.log({
      event: "probe-stats",
      level: "info",
      periodMs: Math.round(periodMs),
      byProvider: this.counters.take(),
      unhealthy,
      inFlight: this.inFlight,
    });
  }

  /**
   * Sources from the store, each marked `settled: false` when its stored decision is not settled
   * (the policy is not yet sure of its best provider): the scheduler probes those more. An index
   * scan (storage migration 5), so cheap enough for this thread; a source without a decision yet
   * gets one within an evaluation.
   */
  private refreshTargets(now: number): void {
    const { ageOutMs } = this.cfg.schedule;
    const sources = this.store.listSources({ seenSince: now - ageOutMs, limit: this.cfg.storage.maxTargets });
    const unsettled = new Set(this.store.listUnsettledSources());
    const targets =
      unsettled.size === 0
        ? sources
        : sources.map((s) => (unsettled.has(prefixKey(s.address, s.prefixLength)) ? { ...s, settled: false } : s));
    const u = this.scheduler.updateTargets(targets, now);
    this.log({ event: "targets", ...u });
  }

  /** Hands the buffer to the writer thread; "commit" is logged when it reports the commit. */
  private flush(): void {
    const batch = this.recorder.take();
    if (batch) this.writer.write(batch.samples, batch.stats);
  }

  private retention(now: number): void {
    this.writer.retention(now - this.cfg.storage.retentionMs);
  }
}

/** Epoch milliseconds with sub-millisecond resolution: at 5k probes/s the pacer works in 0.2 ms steps. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms)));
}
