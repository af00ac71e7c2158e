import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Config, describeConfig, locateConfig } from "@dnsteer/config";
import { Store } from "@dnsteer/storage";
import { storePath } from "../commands/db.js";
import { createLogger } from "../log.js";
import { ConfigInForce, logReread } from "../reload/config-reload.js";
import { writeStateFile } from "../state-file.js";
import { banner } from "./banner.js";
import { SupervisedChild } from "./child.js";
import { awaitPreviousRun } from "./previous-run.js";
import { type ChildState, RESPONDER_PID_FILE, SUPERVISOR_STATE_FILE, type SupervisorState, WORKER_PID_FILE } from "./state.js";

/**
 * `dnsteer up`: the responder (`serve`), the admin API (`api`) and, when the config has a
 * measure section and providers, the measurement worker (`worker`), each its own process
 * started from the same config, restarted with backoff when it dies. A child whose first run
 * ends with a startup error (exit 2: bad config, address in use) stops everything, exit 2.
 * SIGHUP is passed to every child (each rereads the config and applies what it can live);
 * SIGTERM/SIGINT stop the children, then exit.
 */
export async function up(opts: { config?: string }): Promise<void> {
  const located = locateConfig(opts.config);
  const { config } = located;
  const log = createLogger(config.log.level);
  mkdirSync(config.dataDir, { recursive: true });
  // Create and migrate the store here, once: three children opening a fresh file at the same
  // moment would each try to run the migrations.
  Store.open(storePath(config.dataDir)).close();
  const configArgs = located.path ? ["--config", located.path] : [];
  const statePath = join(config.dataDir, SUPERVISOR_STATE_FILE);
  const pidPaths = new Map<string, string>([
    ["responder", join(config.dataDir, RESPONDER_PID_FILE)],
    ["worker", join(config.dataDir, WORKER_PID_FILE)],
  ]);
  await awaitPreviousRun(statePath, log);
  const startedAt = Date.now();

  const writeState = () => {
    const state: SupervisorState = { pid: process.pid, startedAt, children: [...children.map((c) => c.state), ...notStarted] };
    writeStateFile(statePath, state, 2);
  };
  let stopping: Promise<void> | undefined;
  const stopAll = (code: number) => {
    stopping ??= (async () => {
      log.info("stopping");
      await Promise.all(children.map((c) => c.stop()));
      writeState();
      for (const path of pidPaths.values()) rmSync(path, { force: true });
      process.exit(code);
    })();
    return stopping;
  };
  const onChange = (child: SupervisedChild) => {
    const pidPath = pidPaths.get(child.state.name);
    if (pidPath) {
      if (child.state.pid) writeFileSync(pidPath, `${child.state.pid}\n`);
      else rmSync(pidPath, { force: true });
    }
    writeState();
  };
  const onStartupError = (child: SupervisedChild) => {
    log.error({ child: child.state.name }, `${child.state.name} could not start (see its error above); stopping`);
    void stopAll(2);
  };

  // `roles` (config): what this host runs. On PostgreSQL the decider is its own child (`dnsteer
  // decide`, elected among the sites); on SQLite it is the worker's thread, as always.
  const roles = new Set(config.roles);
  const responder = roles.has("responder")
    ? new SupervisedChild("responder", ["serve", ...configArgs], log, onChange, onStartupError)
    : undefined;
  const api = new SupervisedChild("api", ["api", ...configArgs], log, onChange, onStartupError);
  const workerReason = roles.has("prober") ? whyNoWorker(config) : 'roles has no "prober"';
  const worker = workerReason ? undefined : new SupervisedChild("worker", ["worker", ...configArgs], log, onChange, onStartupError);
  const decider =
    config.store.kind === "postgres" && roles.has("decider")
      ? new SupervisedChild("decider", ["decide", ...configArgs], log, onChange, onStartupError)
      : undefined;
  const children = [...(responder ? [responder] : []), api, ...(worker ? [worker] : []), ...(decider ? [decider] : [])];
  const notStarted: ChildState[] = workerReason
    ? [{ name: "worker", pid: null, state: "not started", startedAt: null, restarts: 0, lastError: workerReason }]
    : [];

  process.stderr.write(`${describeConfig(located)}\n`);
  if (workerReason) log.warn({ child: "worker" }, `worker not started: ${workerReason}`);
  // The responder first: the API signals it on reloads.
  responder?.start();
  api.start();
  worker?.start();
  decider?.start();
  writeState();
  process.stdout.write(banner(config, located.path, workerReason));

  // Each child rereads the config and applies what it can live; this only says what changed.
  const inForce = new ConfigInForce(structuredClone(config), opts.config);
  process.on("SIGHUP", () => {
    log.info("SIGHUP: reloading every child");
    logReread(inForce.reread(), log, "up");
    for (const child of children) child.signal("SIGHUP");
  });
  process.once("SIGTERM", () => void stopAll(0));
  process.once("SIGINT", () => void stopAll(0));
}

/** The worker needs something to probe and something to probe through. */
function whyNoWorker(config: Config): string | null {
  if (!config.measure) return "the config has no measure section (measure.scope.allow says what may be probed)";
  if (config.providers.length === 0) return "the config names no providers";
  return null;
}
