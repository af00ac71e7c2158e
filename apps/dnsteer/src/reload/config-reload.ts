import { type Config, locateConfig } from "@dnsteer/config";
import type { Logger } from "pino";
import { type ConfigChanges, configAfterReload, configChanges, describeRestarts } from "./config-changes.js";

/** What rereading the config file found: the changes and the config now in force, or why the file did not load. */
export type ConfigReread = { ok: true; changes: ConfigChanges; config: Config } | { ok: false; error: string; config: Config };

/**
 * The config a process runs with, and its rereading at each reload: keys a reload applies
 * live are taken from the file, keys that need a restart keep the value in force (and are
 * reported again at every reload until the restart). A file that no longer loads changes
 * nothing.
 */
export class ConfigInForce {
  constructor(
    private current: Config,
    private readonly configFlag: string | undefined,
    /** What the command line overrides in every reading (serve --listen). */
    private readonly adjust: (config: Config) => void = () => {},
  ) {}

  get config(): Config {
    return this.current;
  }

  reread(): ConfigReread {
    let now: Config;
    try {
      now = locateConfig(this.configFlag).config;
      this.adjust(now);
    } catch (err) {
      return { ok: false, error: (err as Error).message, config: this.current };
    }
    const changes = configChanges(this.current, now);
    this.current = configAfterReload(this.current, now);
    return { ok: true, changes, config: this.current };
  }
}

/** The reread in the log: what changed, what took effect now, what waits for a restart of which process. */
export function logReread(reread: ConfigReread, log: Logger, who: string): void {
  if (!reread.ok) {
    log.error({ err: reread.error }, `reload (${who}): the config file no longer loads; the config in force stays`);
    return;
  }
  const { changes } = reread;
  if (changes.changed.length === 0) {
    log.info(`reload (${who}): config unchanged`);
    return;
  }
  log.info({ changed: changes.changed, live: changes.live }, `reload (${who}): config changed: ${changes.changed.join(", ")}`);
  for (const line of describeRestarts(changes))
    log.warn({ restart: changes.restart }, `reload (${who}): ${line} (the old value stays in force)`);
}
