import { type Config, locateConfig } from "@dnsteer/config";
import type { Logger } from "pino";
import { configChanges } from "./config-changes.js";

/**
 * At a reload: read the config file again and say what changed in it since this process
 * started (those changes need a restart; zone file contents reload live). A file that no
 * longer loads is reported and changes nothing.
 */
export function logConfigChanges(running: Config, configFlag: string | undefined, log: Logger): void {
  let now: Config;
  try {
    now = locateConfig(configFlag).config;
  } catch (err) {
    log.error({ err: (err as Error).message }, "reload: the config file no longer loads; running on the config read at start");
    return;
  }
  const { restart } = configChanges(running, now);
  if (restart.length === 0) log.info("reload: config unchanged; zone files reread");
  else log.warn({ restart }, `reload: config changed, applied at a restart of: ${restart.join("; ")} (zone file contents reload now)`);
}
