import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describeConfig, locateConfig } from "@dnsteer/config";
import { LimitedLog } from "@dnsteer/log-limit";
import { SqliteBackend, type StoreBackend } from "@dnsteer/storage";
import { PgBackend } from "@dnsteer/store-pg";
import { onHangup } from "../cli/hangup.js";
import { createLogger } from "../log.js";
import { ConfigInForce, logReread } from "../reload/config-reload.js";
import { policyOf } from "../reload/worker-live.js";
import { deciderRegistry, listenDeciderMetrics } from "./decider-metrics.js";
import { LeadingDecider } from "./leading-decider.js";
import { clusterSettings } from "./settings.js";

/**
 * `dnsteer decide`: the decider alone, over the config's store. On PostgreSQL any number may
 * run (one per site, say): only the holder of the "decider" election evaluates; a standby takes
 * over at its first evaluation after the leader's session ends. Leadership won or lost, and a
 * write the database refused (FENCED: deposed without noticing), are logged at warn; counted
 * on /metrics (`metrics.listen` port + 2). On SQLite it decides over the local file (one decider per host).
 */
export async function decide(opts: { config?: string }): Promise<void> {
  const located = locateConfig(opts.config);
  process.stderr.write(`${describeConfig(located)}\n`);
  const { config } = located;
  const log = createLogger(config.log.level);
  const settings = clusterSettings(config);
  const { policy, evaluateIntervalMs, sourceMaxAgeMs, downAfterLosses } = policyOf(config);
  let backend: StoreBackend | undefined;
  const stopped = new AbortController();
  process.once("SIGTERM", () => stopped.abort());
  process.once("SIGINT", () => stopped.abort());
  // The database may be down at start: keep trying, as a standby would.
  while (!backend && !stopped.signal.aborted) {
    try {
      if (settings) backend = await PgBackend.open(settings.url, { poolSize: 2, timeouts: settings.timeouts });
      else {
        mkdirSync(config.dataDir, { recursive: true });
        backend = SqliteBackend.open(join(config.dataDir, "dnsteer.sqlite"));
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, "decider: the store cannot be opened; retrying");
      await new Promise((r) => setTimeout(r, evaluateIntervalMs));
    }
  }
  if (!backend) return;
  const opened = backend;
  await opened.syncProviders(config.providers);
  const failures = new LimitedLog(log).start();
  const decider = new LeadingDecider(opened, { config: policy, sourceMaxAgeMs, downAfterLosses }, evaluateIntervalMs, {
    decided: (o) => log.info({ sources: o.sources, changed: o.changed, removed: o.removed }, "decided"),
    failed: (err) =>
      log.error({ err: err instanceof Error ? err.message : String(err) }, "deciding failed; previous decisions stay in force"),
    leading: () => log.warn({ store: opened.kind }, "decider: leading (this decider holds the election and decides)"),
    lost: (reason) => log.warn({ reason }, "decider: lost the election; standing by"),
    fenced: (message) =>
      log.warn({ err: message }, "decider: the database refused a write (a newer decider was elected); stepped down, standing by"),
  }).start();
  // Another decider on this host (a test, a second site's standby) may have the port: no metrics then, still a decider.
  const metricsHttp = await listenDeciderMetrics(deciderRegistry(decider), config.metrics.listen).catch((err: Error) => {
    log.warn({ err: err.message }, "decider: /metrics cannot listen; running without it");
    return undefined;
  });
  // SIGHUP (`dnsteer up` passes it on): a changed policy is used from the next evaluation.
  const inForce = new ConfigInForce(config, opts.config);
  onHangup(() => {
    const reread = inForce.reread();
    logReread(reread, log, "decider");
    if (!reread.ok || !reread.changes.changed.includes("policy")) return;
    try {
      const next = policyOf(reread.config);
      decider.setOptions({ config: next.policy, sourceMaxAgeMs: next.sourceMaxAgeMs, downAfterLosses: next.downAfterLosses });
      log.info({ policy: next.policy.mode }, "policy reloaded: the next evaluation uses it (a new evaluateIntervalMs needs a restart)");
    } catch (err) {
      log.error({ err: (err as Error).message }, "policy: the reloaded policy does not validate; the one in force stays");
    }
  });
  log.info({ store: opened.kind, evaluateIntervalMs }, "decider started");
  await new Promise((resolve) => stopped.signal.addEventListener("abort", resolve, { once: true }));
  metricsHttp?.close();
  await decider.stop();
  failures.stop();
  await opened.close();
  log.info("decider stopped");
}
