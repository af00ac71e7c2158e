import type { Config } from "@dnsteer/config";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";

/** Load every configured zone; one bad file rejects the whole set (the old set keeps serving). */
export function loadConfiguredZones(config: Config): ZoneSet {
  return new ZoneSet(config.zones.map((z) => loadZoneFile(z.file, z.origin ? { origin: z.origin } : {})));
}
