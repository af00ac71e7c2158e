import type { ZoneSet } from "@dnsteer/zone";
import { AnswerTemplateCache } from "./answer-template-cache.js";
import type { ServerSettings } from "./settings.js";

/**
 * The immutable data one query is answered from. Reloads build a new snapshot and swap it in
 * with one assignment, so a query never sees half-old, half-new data, and a failed reload
 * leaves the old snapshot serving.
 */
export interface Snapshot {
  readonly zones: ZoneSet;
  readonly settings: ServerSettings;
  /** Answer templates of this snapshot's zone answers (the cache plugin's); thrown away with it. */
  readonly zoneAnswerTemplates: AnswerTemplateCache;
}

export function createSnapshot(zones: ZoneSet, settings: ServerSettings): Snapshot {
  return { zones, settings, zoneAnswerTemplates: new AnswerTemplateCache(settings.templateCacheEntries) };
}
