import { readFileSync } from "node:fs";
import { LocalZones, type ZoneOutcome, type ZonesService } from "@dnsteer/api";
import type { ConfigReload, PageQuery } from "@dnsteer/api-contract";
import type { Config } from "@dnsteer/config";
import type { Logger } from "pino";
import { type ConfigInForce, logReread } from "../reload/config-reload.js";

/**
 * The API process's zones: LocalZones checks and loads every zone file here (so a bad zone is
 * refused with file:line before the responder is touched), and each change that took is
 * passed to the running responder as SIGHUP, on which it rereads the same files. The
 * responder's pid comes from the file `dnsteer up` keeps; with no responder running the
 * change still lands in the files and is served at the responder's next start.
 *
 * A reload of every zone rereads the config first (`reloadConfig`): the zone list is rebuilt
 * from it here, `onConfig` applies the rest to this process, and the worker is signalled too
 * (it rereads the config on SIGHUP); the answer names what needs a restart.
 */
export class ResponderZones implements ZonesService {
  private readonly local: LocalZones;

  constructor(
    private readonly inForce: ConfigInForce,
    private readonly pidFiles: { responder: string; worker: string },
    clock: { now: () => number },
    private readonly log: Logger,
    /** Applies a reread config to this process (everything but the zones). */
    private readonly onConfig: (config: Config) => void = () => {},
  ) {
    this.local = new LocalZones(inForce.config.zones, clock);
  }

  list() {
    return this.local.list();
  }
  show(origin: string, page: PageQuery) {
    return this.local.show(origin, page);
  }
  validate(input: Parameters<ZonesService["validate"]>[0]) {
    return this.local.validate(input);
  }
  zoneOf(name: string) {
    return this.local.zoneOf(name);
  }
  problems() {
    return this.local.problems();
  }

  async replace(origin: string, text: string): Promise<ZoneOutcome | undefined> {
    const outcome = await this.local.replace(origin, text);
    if (outcome?.ok) this.signalResponder(`zone ${outcome.zone.origin} replaced`);
    return outcome;
  }

  reload(origin: string) {
    const result = this.local.reload(origin);
    if (result?.reloaded) this.signalResponder(`zone ${result.origin} reloaded`);
    return result;
  }

  /** `tellWorker` false: the worker was signalled already (a SIGHUP from `dnsteer up` reaches every child). */
  reloadConfig(tellWorker = true): ConfigReload {
    const reread = this.inForce.reread();
    logReread(reread, this.log, "api");
    if (!reread.ok) return { changed: [], live: [], restart: [], error: reread.error };
    const { changes, config } = reread;
    if (changes.changed.includes("zones")) this.local.setSources(config.zones);
    this.onConfig(config);
    if (tellWorker && changes.changed.length > 0) this.signal("worker", this.pidFiles.worker, "config changed");
    return changes;
  }

  reloadAll() {
    const results = this.reloadAllHere();
    // Only when every zone loaded: the responder reloads all or nothing, so one bad file
    // would make it refuse the good ones too (they are served from its next reload).
    if (results.every((r) => r.reloaded)) this.signalResponder("zones reloaded");
    return results;
  }

  /** Reread every zone file in this process only (the responder rereads its own). */
  reloadAllHere() {
    const results = this.local.reloadAll();
    for (const r of results) {
      if (r.reloaded)
        this.log.info(
          { zone: r.origin, serial: r.serial, previousSerial: r.previousSerial },
          `zone ${r.origin} serial ${r.serial} reloaded`,
        );
      else
        this.log.warn(
          { zone: r.origin, serial: r.serial, problem: r.problem },
          `zone ${r.origin} not reloaded; serial ${r.serial} keeps serving`,
        );
    }
    return results;
  }

  /** Ask the responder to reread its config and zone files; false when none is running. */
  signalResponder(why: string): boolean {
    return this.signal("responder", this.pidFiles.responder, why);
  }

  /** SIGHUP to the process whose pid `dnsteer up` keeps in `pidFile`. */
  private signal(name: string, pidFile: string, why: string): boolean {
    let pid: number;
    try {
      pid = Number(readFileSync(pidFile, "utf8").trim());
    } catch {
      this.log.warn({ pidFile }, `${why}; no ${name} pid file, so the running ${name} (if any) was not told`);
      return false;
    }
    try {
      process.kill(pid, "SIGHUP");
      this.log.info({ pid }, `${why}; ${name} signalled to reload`);
      return true;
    } catch (err) {
      this.log.warn({ pid, err: (err as Error).message }, `${why}; could not signal the ${name}`);
      return false;
    }
  }
}
