import type { ZoneSet } from "@dnsteer/zone";
import type { ServerSettings } from "./settings.js";
import { TemplateCache } from "./plugins/cache/templates.js";

/**
 * The immutable data one query is answered from. Reloads build a new snapshot and swap it in
 * with one assignment, so a query never sees half-old, half-new data, and a failed reload
 * leaves the old snapshot serving.
 */
export interface Snapshot {
  readonly zones: ZoneSet;
  readonly settings: ServerSettings;
  /** Pre-encoded answers for this snapshot's data; thrown away with it. */
  readonly templates: TemplateCache;
}

export function createSnapshot(zones: ZoneSet, settings: ServerSettings): Snapshot {
  return { zones, settings, templates: new TemplateCache(settings.templateCacheEntries) };
}
