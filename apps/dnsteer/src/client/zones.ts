import { CliError } from "../cli/errors.js";
import { clientFor } from "./api.js";
import { ago, print, table } from "./table.js";
import type { ZoneList, ZoneReloadAll, ZoneReloadResult } from "./types.js";

interface Opts {
  config?: string;
  json?: boolean;
}

/** `dnsteer zone list`: served zones with their serials. */
export async function zoneList(opts: Opts): Promise<void> {
  const api = await clientFor(opts);
  const data = await api.get<ZoneList>("/v1/zones");
  print(!!opts.json, data, () =>
    table(
      ["ORIGIN", "SERIAL", "RECORDS", "LOADED", "FILE"],
      data.zones.map((z) => [z.origin, z.serial, z.recordCount, ago(z.loadedAt), z.file]),
    ),
  );
}

/**
 * `dnsteer zone reload [ORIGIN]`: the config and every zone (or one zone) reread by the running
 * server. A zone that fails keeps serving its old data; the command then exits 1 naming file:line.
 */
export async function zoneReload(origin: string | undefined, opts: Opts): Promise<void> {
  const api = await clientFor(opts);
  const results: ZoneReloadResult[] = origin
    ? [await api.post<ZoneReloadResult>(`/v1/zones/${encodeURIComponent(origin)}/reload`)]
    : (await api.request<ZoneReloadAll>("POST", "/v1/zones/reload", undefined, undefined, [422])).results;
  print(!!opts.json, origin ? results[0] : { results, failed: results.filter((r) => !r.reloaded).length }, () =>
    results.map(describeResult).join("\n"),
  );
  const failed = results.filter((r) => !r.reloaded);
  if (failed.length > 0) {
    const p = failed[0]!.problem;
    throw new CliError(
      "FAILED",
      `${failed.length} zone${failed.length === 1 ? "" : "s"} not reloaded${p ? `: ${p.file}:${p.line}: ${p.message}` : ""}; the previous data keeps serving`,
    );
  }
}

function describeResult(r: ZoneReloadResult): string {
  if (r.reloaded) {
    const change = r.previousSerial === null ? "loaded" : r.previousSerial === r.serial ? "unchanged serial" : `was ${r.previousSerial}`;
    return `${r.origin}: reloaded, serial ${r.serial} (${change})`;
  }
  const p = r.problem;
  return `${r.origin}: NOT reloaded, still serving serial ${r.serial}${p ? ` — ${p.file}:${p.line}: ${p.message}` : ""}`;
}
