import { loadZoneFile, ZoneError, type ZonePart, ZoneSet, zoneHeader, zoneParts } from "@dnsteer/zone";
import { type LoadFailure, zoneLoaderThread } from "./loader-spec.js";

// Thread body: parse every zone file (the slow part: seconds for a million records), check the
// set (no origin twice), then hand the zones over part by part as the parent asks for them.
const { data, port } = zoneLoaderThread.inThread();

function failureOf(err: unknown): LoadFailure {
  if (err instanceof ZoneError) return { message: err.message, zone: { code: err.code, file: err.file, line: err.line, what: err.what } };
  return { message: err instanceof Error ? err.message : String(err) };
}

function* allParts(zones: ReturnType<ZoneSet["zones"]>): Generator<{ zone: number; part: ZonePart }> {
  for (let i = 0; i < zones.length; i++) for (const part of zoneParts(zones[i]!, data.partSize)) yield { zone: i, part };
}

try {
  const zones = new ZoneSet(data.files.map(({ file, ...options }) => loadZoneFile(file, options))).zones();
  port.post({ type: "loaded", headers: zones.map(zoneHeader) });
  const parts = allParts(zones);
  port.onMessage((m) => {
    const next = m.type === "next" ? parts.next() : undefined;
    if (next && !next.done) return port.post({ type: "part", ...next.value });
    if (next) port.post({ type: "done" });
    port.close();
  });
} catch (err) {
  port.post({ type: "failed", failure: failureOf(err) });
  port.close();
}
