import { hostname } from "node:os";
import type { Config } from "@dnsteer/config";

/** This host's part in a PostgreSQL-backed deployment: the shared database and its names in it. */
export interface ClusterSettings {
  url: string;
  /** The tag of this host's probe samples. */
  site: string;
  /** The name this host's demand is reported under. */
  responder: string;
  /** store.queryTimeoutMs and .connectTimeoutMs: how long a silent server may hold a caller (absent: store-pg's defaults). */
  timeouts?: { queryMs: number; connectMs: number };
}

/** The config's `store` when it is PostgreSQL (site and responder default to the host name); undefined on SQLite. */
export function clusterSettings(config: Config): ClusterSettings | undefined {
  const store = config.store;
  if (store.kind !== "postgres") return undefined;
  return {
    url: store.url,
    site: store.site ?? hostname(),
    responder: store.responder ?? hostname(),
    timeouts: { queryMs: store.queryTimeoutMs, connectMs: store.connectTimeoutMs },
  };
}
