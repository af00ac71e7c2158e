import type Database from "better-sqlite3";

/** One zone's last reload, as the responder did it (migration 8). */
export interface ZoneReload {
  /** The zone's origin; a file that never loaded is keyed by its path. */
  origin: string;
  file: string;
  at: number;
  ok: boolean;
  /** Serving after the reload (the old serial when it failed; null when the zone never loaded). */
  serial: number | null;
  records: number | null;
  /** The data changed but the SOA serial did not: secondaries will not transfer the change. */
  dataChangedSerialKept: boolean;
  /** Why it did not take, with the file and line the parser stopped at. */
  error: { message: string; file: string; line: number } | null;
}

interface Row {
  origin: string;
  file: string;
  at: number;
  ok: number;
  serial: number | null;
  records: number | null;
  data_changed_serial_kept: number;
  error: string | null;
  error_file: string | null;
  error_line: number | null;
}

/** The zone_reloads table: one row per zone, replaced at every reload. Needs schema 8. */
export class ZoneReloadRepo {
  private readonly upsert: Database.Statement;
  private readonly all: Database.Statement<[], Row>;
  private readonly putAll: (reloads: readonly ZoneReload[]) => void;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO zone_reloads
      (origin, file, at, ok, serial, records, data_changed_serial_kept, error, error_file, error_line)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (origin) DO UPDATE SET file = excluded.file, at = excluded.at, ok = excluded.ok,
        serial = excluded.serial, records = excluded.records,
        data_changed_serial_kept = excluded.data_changed_serial_kept,
        error = excluded.error, error_file = excluded.error_file, error_line = excluded.error_line`);
    this.all = db.prepare("SELECT * FROM zone_reloads ORDER BY origin");
    this.putAll = db.transaction((reloads: readonly ZoneReload[]) => {
      for (const r of reloads) {
        this.upsert.run(
          r.origin,
          r.file,
          r.at,
          r.ok ? 1 : 0,
          r.serial,
          r.records,
          r.dataChangedSerialKept ? 1 : 0,
          r.error?.message ?? null,
          r.error?.file ?? null,
          r.error?.line ?? null,
        );
      }
    });
  }

  /** Record one reload's results, all in one transaction. */
  put(reloads: readonly ZoneReload[]): void {
    this.putAll(reloads);
  }

  list(): ZoneReload[] {
    return this.all.all().map(zoneReloadFromRow);
  }
}

function zoneReloadFromRow(r: Row): ZoneReload {
  return {
    origin: r.origin,
    file: r.file,
    at: r.at,
    ok: r.ok === 1,
    serial: r.serial,
    records: r.records,
    dataChangedSerialKept: r.data_changed_serial_kept === 1,
    error: r.error === null ? null : { message: r.error, file: r.error_file ?? r.file, line: r.error_line ?? 0 },
  };
}
