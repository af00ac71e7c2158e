import type { Name } from "@dnsteer/wire";
import { parseZone, ZoneSet } from "@dnsteer/zone";

/** Zones from `{ origin: zone text }`, served the way the server does: a ZoneSet. */
export function serve(texts: Record<Name, string>): ZoneSet {
  return new ZoneSet(Object.entries(texts).map(([origin, text]) => parseZone(text, { origin, file: `${origin}zone` })));
}
