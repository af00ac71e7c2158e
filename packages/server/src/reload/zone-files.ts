import type { LoadZoneOptions } from "@dnsteer/zone";

/** One zone file to serve and how to read it (origin, $INCLUDE folders, size limits). */
export interface ZoneFile extends LoadZoneOptions {
  file: string;
}
