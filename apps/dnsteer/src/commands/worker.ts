import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { describeConfig, locateConfig, type Config } from "@dnsteer/config";
import { runWorker } from "@dnsteer/measure";
import { policyConfig, type PolicyConfig } from "@dnsteer/policy";
import { Store } from "@dnsteer/storage";
import { createLogger } from "../log.js";
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
    .option("-c, --config <file>", "JSON config file, with providers and measure.scope.allow (default: $DNSTEER_CONFIG, else ./dnsteer.json)")
    .action(async (opts: { config?: string }) => {
      const located = locateConfig(opts.config);
      process.stderr.write(`${describeConfig(located)}\n`);
      await work(located.config);
    });
}

async function work(config: Config): Promise<void> {
  const log = createLogger(config.log.level);
  if (!config.measure) throw new Error("worker: the config has no measure section (measure.scope.allow says what may be probed)");
  if (config.providers.length === 0) throw new Error("worker: the config names no providers");
  const { evaluateIntervalMs, sourceMaxAgeMs, downAfterLosses, ...policyOverrides } = config.policy;
  const policy: PolicyConfig = policyConfig(policyOverrides as Partial<PolicyConfig>);
  mkdirSync(config.dataDir, { recursive: true });
  const database = join(config.dataDir, "dnsteer.sqlite");
  const store = Store.open(database);
  store.syncProviders(config.providers);
  store.close();

  // The controller runs in its own thread so its SQLite and policy work never delays probes.
  const decider = decideThread.start({
    dbPath: database,
    intervalMs: evaluateIntervalMs,
    options: { config: policy, sourceMaxAgeMs, downAfterLosses },
  });
  decider.onMessage((m) => {
    if (m.type === "decided") log.info({ sources: m.sources, changed: m.changed, removed: m.removed }, "decided");
    else if (m.type === "corrupt-row") log.warn({ err: m.message }, "stored decision skipped");
    else log.error({ err: m.error }, "deciding failed; previous decisions stay in force");
  });
  decider.worker.on("error", (err) => log.error({ err }, "decision thread failed"));

  const stop = new AbortController();
  process.once("SIGTERM", () => stop.abort());
  process.once("SIGINT", () => stop.abort());
  log.info({ database, providers: config.providers.map((p) => p.name), policy: policy.mode }, "worker started");
  const summary = await runWorker(
    { database, providers: config.providers, ...config.measure },
    { signal: stop.signal, log: (e) => (e.event === "error" ? log.warn(e, e.event) : log.debug(e, e.event)) },
  );
  await decider.stop(STOP, 5000);
  log.info(summary, "worker stopped");
}
