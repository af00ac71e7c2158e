import type { Config } from "@dnsteer/config";
import { LimitedLog } from "@dnsteer/log-limit";
import type { ProviderInput, Store } from "@dnsteer/storage";
import type { Logger } from "pino";
import { AdminMirror } from "./admin-mirror.js";
import { clusterSettings } from "./settings.js";
import { SharedStore } from "./shared-store.js";

export interface AdminCluster {
  shared: SharedStore;
  mirror: AdminMirror;
  /** A reloaded config's providers to PostgreSQL too (the decider reads them there); a failure is logged at warn. */
  syncProviders(list: readonly ProviderInput[]): void;
  stop(): Promise<void>;
}

/**
 * What `dnsteer api` calls: on `store.kind: "postgres"` the shared database for the API's
 * writes and explain (`shared`), and the mirror of its admin state into the local file; undefined
 * on SQLite. The mirror's failures (the database unreachable) at warn, once per cause a minute.
 */
export function startAdminCluster(config: Config, store: Store, log: Logger): AdminCluster | undefined {
  const settings = clusterSettings(config);
  if (!settings) return undefined;
  const shared = new SharedStore(settings.url, 2, settings.timeouts);
  const failures = new LimitedLog(log).start();
  const mirror = new AdminMirror(shared, store, () => config.providers, {
    mirrored: (changed) => log.info({ changed }, "admin state mirrored from PostgreSQL (a change made at another site)"),
    failed: (err) =>
      failures.warn(
        "cluster|admin",
        { err: err instanceof Error ? err.message : String(err) },
        "mirroring the admin state from PostgreSQL failed; this site shows the last mirrored state; retried in 2 s",
      ),
  }).start();
  log.info({ site: settings.site }, "store: PostgreSQL (admin changes written there first; admin state mirrored every 2 s)");
  return {
    shared,
    mirror,
    syncProviders: (list) => {
      shared
        .get()
        .then((backend) => backend.syncProviders(list))
        .then(
          () => log.info("reloaded providers written to PostgreSQL"),
          (err: unknown) =>
            log.warn(
              { err: err instanceof Error ? err.message : String(err) },
              "the reloaded providers could not be written to PostgreSQL; the next decider or worker start writes them",
            ),
        );
    },
    stop: async () => {
      await mirror.stop();
      failures.stop();
      await shared.close();
    },
  };
}
