import type {
  ConfigReload,
  PageQuery,
  ZoneDetail,
  ZoneProblem,
  ZoneReloadResult,
  ZoneSummary,
  ZoneValidation,
} from "@dnsteer/api-contract";

/** A change refused with the reason (the zone that was serving keeps serving). */
export type ZoneOutcome = { ok: true; zone: ZoneSummary } | { ok: false; problem: ZoneProblem };

/**
 * What the API needs from whoever serves the zones. `LocalZones` implements it in process
 * over @dnsteer/zone; a responder-backed implementation can replace it without touching the
 * routes. Methods return outcomes instead of throwing, so implementations need nothing from
 * this package.
 */
export interface ZonesService {
  list(): ZoneSummary[];
  /** undefined: no such zone. */
  show(origin: string, page: PageQuery): ZoneDetail | undefined;
  /** Parse text (for `origin`) or a configured zone file; serve nothing. undefined: `file` is not a configured zone file. */
  validate(input: { text: string; origin: string } | { file: string }): ZoneValidation | undefined;
  /** Check `text`, write it to the zone's file, serve it. undefined: the zone is not configured. */
  replace(origin: string, text: string): Promise<ZoneOutcome | undefined>;
  /** Reread one zone's file. undefined: the zone is not configured. */
  reload(origin: string): ZoneReloadResult | undefined;
  reloadAll(): ZoneReloadResult[];
  /**
   * Reread the server's config before a reload of every zone and apply what changes live (the
   * zone list among it), saying what needs a restart. Absent: the config is read at start only.
   */
  reloadConfig?(): ConfigReload;
  /** The origin of the served zone holding `name` (longest match), if any. */
  zoneOf(name: string): string | undefined;
  /** Configured zones that failed to load (not ready while any did). */
  problems(): ZoneProblem[];
}
