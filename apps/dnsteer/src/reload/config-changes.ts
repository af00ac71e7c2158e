import type { Config } from "@dnsteer/config";

/**
 * Which top-level keys differ between the config a process runs with and the file as it is
 * now, split by what a reload applies and what only a restart does. Zone file *contents* reload
 * live (SIGHUP, `dnsteer zone reload`); everything in the config file is read at start today,
 * so each changed key names the process that must restart for it.
 */
export interface ConfigChanges {
  /** Changed keys with the processes that read them at start ("listen: responder"). */
  restart: string[];
}

const READ_BY: Record<keyof Config, string> = {
  listen: "responder",
  zones: "responder, api",
  dataDir: "responder, worker, api",
  nsid: "responder",
  chaos: "responder",
  udpPayloadSize: "responder",
  templateCacheEntries: "responder",
  tcp: "responder",
  log: "responder, worker, api",
  api: "api",
  metrics: "responder",
  providers: "responder, worker, api",
  steering: "responder, api",
  measure: "worker, api",
  policy: "worker, api",
} as Record<keyof Config, string>;

export function configChanges(running: Config, now: Config): ConfigChanges {
  const keys = new Set([...Object.keys(running), ...Object.keys(now)]) as Set<keyof Config>;
  const restart: string[] = [];
  for (const key of keys) {
    if (JSON.stringify(running[key]) === JSON.stringify(now[key])) continue;
    restart.push(`${key}: ${READ_BY[key] ?? "every process"}`);
  }
  return { restart };
}
