import type { Config } from "@dnsteer/config";
import type { LimitedLog } from "@dnsteer/log-limit";
import type { SourceInput, Store } from "@dnsteer/storage";
import type { Logger } from "pino";
import { Gauge, type Registry } from "prom-client";
import { ResponderBridge } from "./responder-bridge.js";
import { startResponderStateFile } from "./responder-state.js";
import { clusterSettings } from "./settings.js";

/** What `serve` calls when the store is PostgreSQL: demand out, metrics in, and a stopper. */
export interface ResponderCluster {
  reportDemand: (rows: SourceInput[]) => void;
  registerMetrics: (registry: Registry) => void;
  stop: () => Promise<void>;
}

/**
 * Starts the responder's bridge when `store.kind` is postgres (undefined on SQLite). Failures
 * (the database unreachable) are logged at warn, once per cause a minute, and counted.
 */
export async function startResponderCluster(
  config: Config,
  store: Store,
  failures: LimitedLog,
  log: Logger,
): Promise<ResponderCluster | undefined> {
  const settings = clusterSettings(config);
  if (!settings) return undefined;
  const bridge = await ResponderBridge.start({
    settings,
    store,
    dataDir: config.dataDir,
    onError: (what, err) =>
      failures.warn(
        `cluster|${what}`,
        { err: err instanceof Error ? err.message : String(err) },
        what === "demand"
          ? "reporting demand to PostgreSQL failed; the next flush reports again"
          : "following the decision map in PostgreSQL failed; serving the last decisions",
      ),
    onMirrored: (version, changed, full) => log.info({ version, changed, full }, "decision map from PostgreSQL"),
  });
  const stopState = startResponderStateFile(bridge, settings.responder, config.dataDir);
  log.info({ responder: settings.responder, mapVersion: bridge.mapVersion }, "store: PostgreSQL (decisions followed, demand reported)");
  return {
    reportDemand: (rows) => bridge.reportDemand(rows),
    registerMetrics: (registry) => registerResponderClusterMetrics(registry, bridge),
    stop: async () => {
      stopState();
      await bridge.close();
    },
  };
}

/** The bridge's gauges on the responder's /metrics. */
export function registerResponderClusterMetrics(registry: Registry, bridge: ResponderBridge): void {
  new Gauge({
    name: "dnsteer_decision_map_staleness_seconds",
    help: "Since the responder's decision map was last confirmed the shared database's latest (store.kind postgres; +Inf: no map yet)",
    registers: [registry],
    collect() {
      this.set(bridge.stalenessMs() / 1000);
    },
  });
  new Gauge({
    name: "dnsteer_decision_map_version",
    help: "Version of the shared decision map the responder serves (-1: none yet)",
    registers: [registry],
    collect() {
      this.set(bridge.mapVersion);
    },
  });
  new Gauge({
    name: "dnsteer_demand_report_failures",
    help: "Demand reports to the shared database that failed since the responder started (the next flush reports again)",
    registers: [registry],
    collect() {
      this.set(bridge.demandFailures);
    },
  });
}
