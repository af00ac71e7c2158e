import type { Config } from "@dnsteer/config";
import { loadZoneFile, ZoneSet, type LoadZoneOptions } from "@dnsteer/zone";

/** Load every configured zone; one bad file rejects the whole set (the old set keeps serving). */
export function loadConfiguredZones(config: Config): ZoneSet {
  return new ZoneSet(config.zones.map((z) => loadZoneFile(z.file, zoneLoadOptions(z))));
}

/** A zone's config entry as the loader's options ($INCLUDE folders, size limit). */
export function zoneLoadOptions(z: Config["zones"][number]): LoadZoneOptions {
  return {
    ...(z.origin ? { origin: z.origin } : {}),
    ...(z.includeDirs ? { includeDirs: z.includeDirs } : {}),
    ...(z.maxBytes ? { limits: { maxFileBytes: z.maxBytes, maxTotalBytes: z.maxBytes } } : {}),
  };
}
