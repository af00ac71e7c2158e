import { mkdirSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { buildApi, ensureAdminKeyFile, listenApi } from "@dnsteer/api";
import { describeConfig, locateConfig } from "@dnsteer/config";
import { Store } from "@dnsteer/storage";
import { onHangup } from "../cli/hangup.js";
import { startAdminCluster } from "../cluster/admin-hooks.js";
import { storePath } from "../commands/db.js";
import { createLogger } from "../log.js";
import { ConfigInForce } from "../reload/config-reload.js";
import { RESPONDER_PID_FILE, WORKER_PID_FILE } from "../supervisor/state.js";
import { addApiMetrics } from "./metrics.js";
import { ResponderZones } from "./responder-zones.js";

/**
 * `dnsteer api`: the admin API (packages/api) over the store in the config's data folder, on
 * `api.address:api.port`, with an admin token in `dataDir/api.key` (created on first start,
 * mode 0600). Zone changes are checked here and passed to the responder by SIGHUP.
 */
export async function runApi(opts: { config?: string }): Promise<void> {
  const located = locateConfig(opts.config);
  const { config } = located;
  const log = createLogger(config.log.level);
  process.stderr.write(`${describeConfig(located)}\n`);
  mkdirSync(config.dataDir, { recursive: true });
  const store = Store.open(storePath(config.dataDir));
  store.syncProviders(config.providers);
  const clock = { now: () => Date.now() };
  const keyFile = isAbsolute(config.api.keyFile) ? config.api.keyFile : join(config.dataDir, config.api.keyFile);
  ensureAdminKeyFile(store, keyFile, clock.now());
  // store.kind "postgres": changes every site depends on go to the shared database first, explain
  // reads it, and the shared admin state is mirrored into the local file (src/cluster/admin-mirror.ts).
  const cluster = startAdminCluster(config, store, log);
  const pidFiles = { responder: join(config.dataDir, RESPONDER_PID_FILE), worker: join(config.dataDir, WORKER_PID_FILE) };
  // A reload applies the config in force to this process in place: the routes read `config`
  // at each request (providers, steering, policy, measure scope).
  const zones = new ResponderZones(new ConfigInForce(structuredClone(config), opts.config), pidFiles, clock, log, (now) => {
    const providersChanged = JSON.stringify(now.providers) !== JSON.stringify(config.providers);
    Object.assign(config, structuredClone(now));
    log.level = config.log.level;
    if (providersChanged) {
      store.syncProviders(config.providers);
      cluster?.syncProviders(config.providers);
    }
  });
  // SIGHUP (from `dnsteer up`, which signals every child): reread here; the others reread themselves.
  onHangup(() => {
    zones.reloadConfig(false);
    zones.reloadAllHere();
  });
  for (const p of zones.problems()) log.error({ problem: p }, `zone ${p.file}:${p.line}: ${p.message}`);
  const app = buildApi({ store, zones, config, clock, shared: cluster?.shared }, { loggerInstance: log });
  addApiMetrics(app, store);
  const address = await listenApi(app, { host: config.api.address, port: config.api.port });
  log.info({ address, keyFile, zones: zones.list().map((z) => `${z.origin} ${z.serial}`) }, "admin API listening");
  const stop = async () => {
    await app.close();
    await cluster?.stop();
    store.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
