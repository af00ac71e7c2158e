import { readFileSync } from "node:fs";
import type { LocalZones, ZoneOutcome, ZonesService } from "@dnsteer/api";
import type { PageQuery } from "@dnsteer/api-contract";
import type { Logger } from "pino";

/**
 * The API process's zones: LocalZones checks and loads every zone file here (so a bad zone is
 * refused with file:line before the responder is touched), and each change that took is
 * passed to the running responder as SIGHUP, on which it rereads the same files. The
 * responder's pid comes from the file `dnsteer up` keeps; with no responder running the
 * change still lands in the files and is served at the responder's next start.
 */
export class ResponderZones implements ZonesService {
  constructor(
    private readonly local: LocalZones,
    private readonly pidFile: string,
    private readonly log: Logger,
    /** Rereads the config file: what changed in it since start (logged; a restart applies it). */
    private readonly rereadConfig: () => void = () => {},
  ) {}

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

  reloadAll() {
    this.rereadConfig();
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
    // Only when every zone loaded: the responder reloads all or nothing, so one bad file
    // would make it refuse the good ones too (they are served from its next reload).
    if (results.every((r) => r.reloaded)) this.signalResponder("zones reloaded");
    return results;
  }

  /** Ask the responder to reread its zone files; false when none is running. */
  signalResponder(why: string): boolean {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile, "utf8").trim());
    } catch {
      this.log.warn({ pidFile: this.pidFile }, `${why}; no responder pid file, so the running responder (if any) was not told`);
      return false;
    }
    try {
      process.kill(pid, "SIGHUP");
      this.log.info({ pid }, `${why}; responder signalled to reload`);
      return true;
    } catch (err) {
      this.log.warn({ pid, err: (err as Error).message }, `${why}; could not signal the responder`);
      return false;
    }
  }
}
