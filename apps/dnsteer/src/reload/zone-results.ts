import type { ZoneFile } from "@dnsteer/server";
import type { ZoneReload } from "@dnsteer/storage";
import type { SOAData } from "@dnsteer/wire";
import { dataChanged, diffZones } from "@dnsteer/xfr";
import { type Zone, ZoneError, type ZoneSet } from "@dnsteer/zone";

/**
 * Each configured zone's result of one responder reload. On success: the serial and record
 * count now served, and whether the data changed under the same serial (RFC 1996: secondaries
 * only transfer a raised serial). On failure the responder keeps every zone as it was (it
 * reloads all or none): the zone whose file is wrong gets the parser's file:line, the others
 * say they were not reloaded because of it.
 */
export function zoneReloadResults(
  files: readonly ZoneFile[],
  before: ZoneSet,
  outcome: { ok: true; after: ZoneSet } | { ok: false; error: Error },
  at: number,
): ZoneReload[] {
  return files.map((f) => {
    const previous = zoneOfFile(before, f);
    const key = previous?.origin ?? f.origin ?? f.file;
    if (!outcome.ok) {
      const err = outcome.error;
      const located = err instanceof ZoneError ? { file: err.file, line: err.line, what: err.what } : undefined;
      // An error in an $INCLUDEd file names that file: every zone then carries it as its own.
      const mine = located && (located.file === f.file || !files.some((g) => g.file === located.file));
      const error = mine
        ? { message: located!.what, file: located!.file, line: located!.line }
        : located
          ? {
              message: `not reloaded: ${located.file}:${located.line} failed (the responder reloads all zones or none)`,
              file: located.file,
              line: located.line,
            }
          : { message: err.message, file: f.file, line: 0 };
      return {
        origin: key,
        file: f.file,
        at,
        ok: false,
        serial: previous ? serialOf(previous) : null,
        records: previous ? recordCount(previous) : null,
        dataChangedSerialKept: false,
        error,
      };
    }
    const now = zoneOfFile(outcome.after, f);
    if (!now)
      return {
        origin: key,
        file: f.file,
        at,
        ok: false,
        serial: null,
        records: null,
        dataChangedSerialKept: false,
        error: { message: "loaded, but no zone came from this file", file: f.file, line: 0 },
      };
    return {
      origin: now.origin,
      file: f.file,
      at,
      ok: true,
      serial: serialOf(now),
      records: recordCount(now),
      dataChangedSerialKept: previous !== undefined && dataChangedUnderSameSerial(previous, now),
      error: null,
    };
  });
}

function dataChangedUnderSameSerial(before: Zone, after: Zone): boolean {
  if (before === after || serialOf(before) !== serialOf(after)) return false;
  if (recordCount(before) !== recordCount(after)) return true;
  return dataChanged(diffZones(before, after));
}

function zoneOfFile(set: ZoneSet, f: ZoneFile): Zone | undefined {
  return set.zones().find((z) => z.source === f.file) ?? (f.origin ? set.get(canonical(f.origin)) : undefined);
}

function serialOf(zone: Zone): number {
  return (zone.soa.rdata[0] as SOAData).serial;
}

export function recordCount(zone: Zone): number {
  let n = 0;
  for (const node of zone.nodes.values()) for (const set of node.rrsets.values()) n += set.rdata.length;
  return n;
}

function canonical(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}
