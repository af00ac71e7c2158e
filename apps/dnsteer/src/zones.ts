import type { Config } from "@dnsteer/config";
import type { ZoneFile } from "@dnsteer/server";
import type { LoadZoneOptions } from "@dnsteer/zone";

/** The configured zones as the server's zone files (it parses them off its answering thread). */
export function configuredZoneFiles(config: Config): ZoneFile[] {
  return config.zones.map((z) => ({ file: z.file, ...zoneLoadOptions(z) }));
}

/** A zone's config entry as the loader's options ($INCLUDE folders, size limit). */
export function zoneLoadOptions(z: Config["zones"][number]): LoadZoneOptions {
  return {
    ...(z.origin ? { origin: z.origin } : {}),
    ...(z.includeDirs ? { includeDirs: z.includeDirs } : {}),
    ...(z.maxBytes ? { limits: { maxFileBytes: z.maxBytes, maxTotalBytes: z.maxBytes } } : {}),
  };
}
