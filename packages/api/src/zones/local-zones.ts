import { resolve } from "node:path";
import type { PageQuery, ZoneDetail, ZoneProblem, ZoneRecord, ZoneReloadResult, ZoneSummary, ZoneValidation } from "@dnsteer/api-contract";
import { dataChanged, diffZones, nextSerial, type SerialPolicy, setSoaSerial } from "@dnsteer/xfr";
import { loadZoneFile, parseZone, type Zone, ZoneError, ZoneSet } from "@dnsteer/zone";
import type { Clock } from "../deps.js";
import type { ZoneOutcome, ZonesService } from "./service.js";
import { countOf, detailOf, recordsOf, serialOf, summaryOf } from "./summary.js";
import { writeFileAtomically } from "./write-file.js";

/** A configured zone: config.zones[] (`file` absolute, `origin` optional, `serial` how edits here set it). */
export interface ZoneSource {
  file: string;
  origin?: string;
  serial?: SerialPolicy;
}

interface Entry {
  file: string;
  serial: SerialPolicy;
  origin: string | undefined;
  zone: Zone | undefined;
  loadedAt: number;
  problem: ZoneProblem | undefined;
  records: ZoneRecord[] | undefined;
}

/**
 * The configured zones, loaded in this process with @dnsteer/zone. A zone that fails to load
 * or reload keeps the version that was serving; `onChange` hands every new set to whoever
 * serves it (a responder in the same process), as one swap.
 */
export class LocalZones implements ZonesService {
  private entries: Entry[];
  private readonly served = new ZoneSet();

  constructor(
    sources: readonly ZoneSource[],
    private readonly clock: Clock,
    private readonly onChange?: (zones: ZoneSet) => void,
  ) {
    this.entries = sources.map(entryOf);
    for (const e of this.entries) this.load(e);
  }

  /**
   * The configured zones changed (a reload reread the config): zones no longer configured stop
   * being served now; zones kept keep serving what they served; new ones are loaded by the
   * next `reload`/`reloadAll` (which reports them as loaded, with no previous serial).
   */
  setSources(sources: readonly ZoneSource[]): void {
    const next = sources.map((s) => {
      const fresh = entryOf(s);
      const kept = this.entries.find(
        (e) => e.file === fresh.file && (fresh.origin === undefined || fresh.origin === (e.origin ?? e.zone?.origin)),
      );
      return kept ? { ...kept, serial: fresh.serial } : fresh;
    });
    for (const e of this.entries)
      if (e.zone && !next.some((n) => n.file === e.file && n.zone === e.zone)) this.served.remove(e.zone.origin);
    this.entries = next;
    this.onChange?.(this.served);
  }

  list(): ZoneSummary[] {
    return this.entries.flatMap((e) => (e.zone ? [summaryOf(e.zone, e.file, e.loadedAt)] : []));
  }

  show(origin: string, page: PageQuery): ZoneDetail | undefined {
    const e = this.find(origin);
    if (!e?.zone) return undefined;
    e.records ??= recordsOf(e.zone);
    return detailOf(summaryOf(e.zone, e.file, e.loadedAt), e.records, page);
  }

  validate(input: { text: string; origin: string } | { file: string }): ZoneValidation | undefined {
    let zone: Zone;
    if ("file" in input) {
      const e = this.entries.find((x) => x.file === resolve(input.file));
      if (!e) return undefined;
      try {
        zone = loadZoneFile(e.file, e.origin ? { origin: e.origin } : {});
      } catch (err) {
        return { valid: false, problem: problemOf(err, e.file) };
      }
    } else {
      const parsed = this.parse(input.text, canonical(input.origin));
      if (!parsed.ok) return { valid: false, problem: parsed.problem };
      zone = parsed.zone;
    }
    return { valid: true, zone: { origin: zone.origin, serial: serialOf(zone), ...countOf(zone) } };
  }

  async replace(origin: string, text: string): Promise<ZoneOutcome | undefined> {
    const e = this.find(origin);
    if (!e) return undefined;
    let parsed = this.parse(text, canonical(origin));
    if (!parsed.ok) return parsed;
    const managed = this.managedSerial(e, parsed.zone);
    if (managed !== undefined) {
      // zones[].serial: the edit's data with the serial this zone's policy gives it.
      try {
        text = setSoaSerial(text, managed);
      } catch (err) {
        return {
          ok: false,
          problem: {
            code: "SERIAL",
            file: e.file,
            line: 0,
            message: `zones[].serial is ${e.serial}, but ${err instanceof Error ? err.message : err} (an SOA in an $INCLUDE?)`,
          },
        };
      }
      parsed = this.parse(text, canonical(origin));
      if (!parsed.ok) return parsed;
    }
    // Sync on purpose: two replaces never interleave, so the file and the served zone agree.
    writeFileAtomically(e.file, text);
    this.swap(e, parsed.zone);
    return { ok: true, zone: summaryOf(parsed.zone, e.file, e.loadedAt) };
  }

  reload(origin: string): ZoneReloadResult | undefined {
    const e = this.find(origin);
    return e && this.load(e);
  }

  reloadAll(): ZoneReloadResult[] {
    return this.entries.map((e) => this.load(e));
  }

  zoneOf(name: string): string | undefined {
    return this.served.find(canonical(name))?.origin;
  }

  problems(): ZoneProblem[] {
    return this.entries.flatMap((e) => (e.problem ? [e.problem] : []));
  }

  private load(e: Entry): ZoneReloadResult {
    const previous = e.zone;
    const origin = e.origin ?? previous?.origin ?? e.file;
    const previousSerial = previous ? serialOf(previous) : null;
    let zone: Zone;
    try {
      zone = loadZoneFile(e.file, e.origin ? { origin: e.origin } : {});
    } catch (err) {
      e.problem = problemOf(err, e.file);
      return { origin, reloaded: false, serial: previousSerial ?? 0, previousSerial, problem: e.problem };
    }
    if (previous && zone.origin !== previous.origin) {
      e.problem = { code: "ORIGIN_CHANGED", file: e.file, line: 0, message: `the file now holds ${zone.origin}, not ${previous.origin}` };
      return { origin, reloaded: false, serial: previousSerial ?? 0, previousSerial, problem: e.problem };
    }
    this.swap(e, zone);
    const serial = serialOf(zone);
    // RFC 1996: secondaries transfer a raised serial only; new data under the same one never reaches them.
    const kept = previous !== undefined && serial === previousSerial && dataChanged(diffZones(previous, zone));
    return { origin: zone.origin, reloaded: true, serial, previousSerial, ...(kept ? { dataChangedSerialKept: true } : {}) };
  }

  /** The serial an edit must carry under the zone's policy, when it changes data and differs from what the text says. */
  private managedSerial(e: Entry, zone: Zone): number | undefined {
    if (e.serial === "keep" || !e.zone || !dataChanged(diffZones(e.zone, zone))) return undefined;
    const serial = nextSerial(e.serial, serialOf(e.zone), serialOf(zone), Math.floor(this.clock.now() / 1000));
    return serial === serialOf(zone) ? undefined : serial;
  }

  private swap(e: Entry, zone: Zone): void {
    e.zone = zone;
    e.origin ??= zone.origin;
    e.loadedAt = this.clock.now();
    e.problem = undefined;
    e.records = undefined;
    this.served.replace(zone);
    this.onChange?.(this.served);
  }

  /** Text parses as the configured file would: its $INCLUDEs from the file's folder; an unconfigured origin may include nothing. */
  private parse(text: string, origin: string): { ok: true; zone: Zone } | { ok: false; problem: ZoneProblem } {
    const e = this.find(origin);
    const file = e?.file ?? "<text>";
    try {
      return { ok: true, zone: parseZone(text, e ? { origin, file } : { origin, includeRoot: "/nonexistent/dnsteer-no-includes" }) };
    } catch (err) {
      return { ok: false, problem: problemOf(err, file) };
    }
  }

  private find(origin: string): Entry | undefined {
    const o = canonical(origin);
    return this.entries.find((e) => (e.origin ?? e.zone?.origin) === o);
  }
}

function entryOf(s: ZoneSource): Entry {
  return {
    file: resolve(s.file),
    serial: s.serial ?? "keep",
    origin: s.origin && canonical(s.origin),
    zone: undefined,
    loadedAt: 0,
    problem: undefined,
    records: undefined,
  };
}

function problemOf(err: unknown, file: string): ZoneProblem {
  if (err instanceof ZoneError) return { code: err.code, file: err.file, line: err.line, message: err.what };
  return { code: "IO", file, line: 0, message: err instanceof Error ? err.message : String(err) };
}

function canonical(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}
