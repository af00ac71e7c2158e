import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Config, describeConfig, locateConfig } from "@dnsteer/config";
import { MeasureError, runWorker, type WorkerConfig, type WorkerEvent } from "@dnsteer/measure";
import { Store } from "@dnsteer/storage";
import type { Command } from "commander";
import { CliError } from "../cli/errors.js";
import { onHangup } from "../cli/hangup.js";
import { startProbeSiteCluster } from "../cluster/probe-site-hooks.js";
import { createLogger } from "../log.js";
import { ServiceCheckMetrics } from "../metrics/service-check-metrics.js";
import { WorkerMetrics } from "../metrics/worker-metrics.js";
import { ConfigInForce, logReread } from "../reload/config-reload.js";
import { measureOf, policyOf, watchProbingProviders } from "../reload/worker-live.js";
import { decideThread, STOP } from "../threads/specs.js";

/**
 * `dnsteer worker`: its own process, so a probe bug never takes DNS down. Probes the sources
 * the responder's flow analyzer stored, out of each provider's source address, and every
 * `policy.evaluateIntervalMs` turns the measurements into decisions the responder picks up.
 */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("measure return paths per source and provider, and decide each source's provider")
    .option(
      "-c, --config <file>",
      "JSON config file, with providers and measure.scope.allow (default: $DNSTEER_CONFIG, else ./dnsteer.json)",
    )
    .action(async (opts: { config?: string }) => {
      const located = locateConfig(opts.config);
      process.stderr.write(`${describeConfig(located)}\n`);
      await work(located.config, opts.config);
    });
}

/** Decisions over one period of the info line. */
interface DecisionTally {
  evaluations: number;
  changed: number;
  removed: number;
  sources: number;
}

/**
 * A config this host cannot run stops the worker at start with one line naming the key (exit 2,
 * no stack): a window no path can fill, a source that is not an address of this host, a device
 * that does not exist or no route leaves by.
 */
async function work(config: Config, configFlag: string | undefined): Promise<void> {
  const log = createLogger(config.log.level);
  if (!config.measure)
    throw new CliError("STARTUP", "measure: the config has no measure section (measure.scope.allow says what may be probed)");
  if (config.providers.length === 0) throw new CliError("STARTUP", "providers: the config names no providers");
  let { policy, evaluateIntervalMs, sourceMaxAgeMs, downAfterLosses } = policyOf(config);
  mkdirSync(config.dataDir, { recursive: true });
  const database = join(config.dataDir, "dnsteer.sqlite");
  let measure = await startupCheck(async () => measureOf(config, database));
  if (measure.aggregate.window < policy.minSamples) {
    throw new CliError(
      "STARTUP",
      `measure.aggregate.window: ${measure.aggregate.window} is smaller than policy.minSamples ${policy.minSamples}: no path could ever hold enough samples to be trusted`,
    );
  }
  const store = Store.open(database);
  store.syncProviders(config.providers);
  store.close();
  // store.kind postgres: sources pulled from the shared database, samples shipped to it; the
  // decisions are `dnsteer decide`'s (one elected decider among the sites), not this worker's.
  const probeSite = startProbeSiteCluster(config, database, sourceMaxAgeMs, log);

  // The controller runs in its own thread so its SQLite and policy work never delays probes. It
  // starts once the measurement loop has (after the start-up checks passed).
  let decider: ReturnType<typeof decideThread.start> | undefined;
  const tally: DecisionTally = { evaluations: 0, changed: 0, removed: 0, sources: 0 };
  const metrics = new WorkerMetrics(config.providers.map((p) => p.name));
  const serviceMetrics = new ServiceCheckMetrics(metrics.registry);
  const metricsHttp = await metrics.listen(config.metrics.listen);
  const startDecider = () => {
    decider = decideThread.start({
      dbPath: database,
      intervalMs: evaluateIntervalMs,
      options: { config: policy, sourceMaxAgeMs, downAfterLosses },
    });
    decider.onMessage((m) => {
      if (m.type === "failed") {
        metrics.onEvaluationFailed();
        return log.error({ err: m.error }, "deciding failed; previous decisions stay in force");
      }
      if (m.type === "corrupt-row") return log.warn({ err: m.message }, "stored decision skipped");
      if (m.type === "stored-policy-ignored")
        return log.warn({ err: m.error }, "policy set through the API is invalid over the config's; the config's policy ran");
      tally.evaluations++;
      metrics.onDecided(m.changed, m.removed, m.switches);
      tally.changed += m.changed;
      tally.removed += m.removed;
      tally.sources = m.sources;
      log.debug({ sources: m.sources, changed: m.changed, removed: m.removed }, "decided");
    });
    decider.worker.on("error", (err) => log.error({ err }, "decision thread failed"));
  };

  // Measurement events: the periodic `probe-stats` becomes the info line (probes per provider,
  // decisions changed); warnings (a provider that cannot send, probe failures by cause,
  // rate-limited by the worker) at warn; the rest at debug.
  const onEvent = (e: WorkerEvent) => {
    if (serviceMetrics.onEvent(e)) return; // every check: counted, not logged
    if (e.event === "started") {
      lastGood = measure;
      if (!decider && !probeSite) startDecider();
      // e.providers: those the loop probes through now (enabled, with the store's overrides).
      log.info({ database, providers: e.providers, policy: policy.mode, kinds: e.kinds }, "worker started");
    } else if (e.event === "probe-stats") {
      metrics.onProbeStats(e.byProvider as Parameters<WorkerMetrics["onProbeStats"]>[0]);
      metrics.onHealth((e.unhealthy ?? []) as { provider: string }[], Number(e.inFlight ?? 0));
      log.info(
        { periodMs: e.periodMs, probes: e.byProvider, unhealthy: e.unhealthy, decisions: { ...tally } },
        "worker: probes and decisions",
      );
      Object.assign(tally, { evaluations: 0, changed: 0, removed: 0 });
    } else {
      if (e.event === "commit") metrics.onCommit(Number(e.commitMs), Date.now());
      else if (e.event === "flush-failed") metrics.onWriteFailed("samples");
      else if (e.event === "retention-failed") metrics.onWriteFailed("retention");
      // The event's own `level` says how loud; pino writes its own numeric `level` key.
      const { level, ...fields } = e;
      if (level === "warn") log.warn(fields, e.event);
      else if (level === "info") log.info(fields, e.event);
      else log.debug(fields, e.event);
    }
  };

  // A reload (SIGHUP: `dnsteer up`, the API's reload) rereads the config: a new policy restarts
  // the controller thread, new measure or provider settings restart the measurement loop (its
  // state is in the store); so does a change of the providers table made through the API.
  const inForce = new ConfigInForce(config, configFlag);
  let lastGood: WorkerConfig = measure;
  let next: WorkerConfig | undefined;
  let run: AbortController | undefined;
  const restartMeasuring = (why: string) => {
    log.info(`measurement restarts: ${why}`);
    run?.abort();
  };
  onHangup(() => {
    const reread = inForce.reread();
    logReread(reread, log, "worker");
    if (!reread.ok || reread.changes.changed.length === 0) return;
    const now = reread.config;
    log.level = now.log.level;
    const changed = reread.changes.changed;
    if (changed.includes("policy")) {
      try {
        ({ policy, evaluateIntervalMs, sourceMaxAgeMs, downAfterLosses } = policyOf(now));
        const previous = decider;
        decider = undefined;
        void previous?.stop(STOP, 5000).then(() => startDecider());
        log.info({ policy: policy.mode, evaluateIntervalMs }, "policy reloaded: the controller restarts with it");
      } catch (err) {
        log.error({ err: (err as Error).message }, "policy: the reloaded policy does not validate; the one in force stays");
      }
    }
    if (changed.includes("measure") || changed.some((k) => k.startsWith("providers"))) {
      try {
        next = measureOf(now, database);
        restartMeasuring("measure or providers changed in the config");
      } catch (err) {
        log.error({ err: (err as Error).message }, "measure: the reloaded settings do not validate; the ones in force stay");
      }
    }
  });
  const stopWatch = watchProbingProviders(database, () => restartMeasuring("providers changed in the store (API)"));

  const stop = new AbortController();
  process.once("SIGTERM", () => stop.abort());
  process.once("SIGINT", () => stop.abort());
  try {
    for (let first = true; !stop.signal.aborted; first = false) {
      const current = new AbortController();
      run = current;
      const onStop = () => current.abort();
      stop.signal.addEventListener("abort", onStop);
      const hooks = { signal: current.signal, log: onEvent, onRtt: metrics.onRtt };
      try {
        const summary = first ? await startupCheck(() => runWorker(measure, hooks)) : await runWorker(measure, hooks);
        log.info(summary, stop.signal.aborted ? "worker stopped" : "measurement stopped for a restart");
      } catch (err) {
        if (first) throw err;
        // The host no longer fits the new settings (a source address not local...): back to the last that ran.
        log.error({ err: (err as Error).message }, "measurement did not restart with the new settings; back to the previous ones");
        measure = lastGood;
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      } finally {
        stop.signal.removeEventListener("abort", onStop);
      }
      if (stop.signal.aborted) break;
      if (next) {
        measure = next;
        next = undefined;
      }
    }
  } finally {
    stopWatch();
    if (decider) await decider.stop(STOP, 5000);
    await probeSite?.stop();
    metricsHttp?.close();
  }
}

/** The measure package's config errors (they name the key) as start-up errors: one line, exit 2. */
async function startupCheck<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw err instanceof MeasureError && err.code === "BAD_CONFIG" ? new CliError("STARTUP", err.message) : err;
  }
}
