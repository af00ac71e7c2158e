import type { Config } from "@dnsteer/config";
import { LimitedLog } from "@dnsteer/log-limit";
import type { Logger } from "pino";
import { type BridgeStep, ProbeSiteBridge } from "./probe-site-bridge.js";
import { clusterSettings } from "./settings.js";

const STEP_NAMES: Partial<Record<BridgeStep, string>> = { unsettled: "unsettled decisions", requests: "probe requests" };

/**
 * What `worker` calls: the probe site's bridge when `store.kind` is postgres (undefined on
 * SQLite: then the worker decides itself, as on one host; on PostgreSQL `dnsteer decide` does).
 * Failures (the database unreachable) at warn, once per cause a minute.
 */
export function startProbeSiteCluster(
  config: Config,
  database: string,
  sourceMaxAgeMs: number,
  log: Logger,
): { bridge: ProbeSiteBridge; stop: () => Promise<void> } | undefined {
  const settings = clusterSettings(config);
  if (!settings) return undefined;
  const failures = new LimitedLog(log).start();
  const bridge = new ProbeSiteBridge({
    settings,
    database,
    dataDir: config.dataDir,
    providers: config.providers,
    sourceMaxAgeMs,
    // A responder on this host mirrors every decision into the local store; without one, only
    // the unsettled ones are needed here (the probing thread probes those sources more).
    mirrorUnsettled: !config.roles.includes("responder"),
    onError: (what, err) =>
      failures.warn(
        `cluster|${what}`,
        { err: err instanceof Error ? err.message : String(err) },
        what === "samples"
          ? "shipping samples to PostgreSQL failed; they wait in the local store and go at the next round"
          : `syncing ${STEP_NAMES[what] ?? what} with PostgreSQL failed; retried at the next round`,
      ),
  }).start();
  log.info(
    { site: settings.site, watermark: bridge.current.watermark },
    "store: PostgreSQL (sources and probe requests pulled, samples and answers shipped)",
  );
  return {
    bridge,
    stop: async () => {
      await bridge.stop();
      failures.stop();
    },
  };
}
