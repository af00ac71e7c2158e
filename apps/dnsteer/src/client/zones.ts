import { CliError } from "../cli/errors.js";
import { clientFor } from "./api.js";
import { ago, print, table } from "./table.js";
import type { ZoneList, ZoneReloadAll, ZoneReloadResult } from "./types.js";

type LastReload = ZoneList["zones"][number]["lastReload"];

/** The responder's last reload of a zone, one cell: "ok 5m ago", "FAILED 1m ago: file:line: why", with the serial warning. */
export function lastReloadCell(r: LastReload): string {
  if (!r) return "-";
  if (!r.ok) return `FAILED ${ago(r.at)}${r.error ? `: ${r.error.file}:${r.error.line}: ${r.error.message}` : ""}`;
  return `ok ${ago(r.at)}${r.dataChangedSerialKept ? " (data changed, serial kept)" : ""}`;
}

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
      ["ORIGIN", "SERIAL", "RECORDS", "LOADED", "LAST RELOAD", "FILE"],
      data.zones.map((z) => [z.origin, z.serial, z.recordCount, ago(z.loadedAt), lastReloadCell(z.lastReload), z.file]),
    ),
  );
}

/**
 * `dnsteer zone reload [ORIGIN]`: the config and every zone (or one zone) reread by the running
 * server. A zone that fails keeps serving its old data; the command then exits 1 naming file:line.
 */
export async function zoneReload(origin: string | undefined, opts: Opts): Promise<void> {
  const api = await clientFor(opts);
  const all = origin ? undefined : await api.request<ZoneReloadAll>("POST", "/v1/zones/reload", undefined, undefined, [422]);
  const results: ZoneReloadResult[] = all
    ? all.results
    : [await api.post<ZoneReloadResult>(`/v1/zones/${encodeURIComponent(origin!)}/reload`)];
  print(!!opts.json, all ?? results[0], () =>
    [...(all?.config ? describeConfig(all.config) : []), ...results.map(describeResult)].join("\n"),
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

/** What the reload did with the config: changed keys, applied live, and one line per process that must restart. */
function describeConfig(c: NonNullable<ZoneReloadAll["config"]>): string[] {
  if (c.error) return [`config: NOT reread (${c.error}); the config in force stays`];
  if (c.changed.length === 0) return ["config: unchanged"];
  return [
    `config: changed: ${c.changed.join(", ")}`,
    ...(c.live.length ? [`config: applied live: ${c.live.join("; ")}`] : []),
    ...c.restart.map((r) => `restart needed: ${r.process}: ${r.keys.join(", ")} (the old value stays in force until then)`),
  ];
}

function describeResult(r: ZoneReloadResult): string {
  if (r.reloaded) {
    const change = r.previousSerial === null ? "loaded" : r.previousSerial === r.serial ? "unchanged serial" : `was ${r.previousSerial}`;
    const warning = r.dataChangedSerialKept ? "; WARNING: data changed but the serial did not, secondaries will not transfer it" : "";
    return `${r.origin}: reloaded, serial ${r.serial} (${change})${warning}`;
  }
  const p = r.problem;
  return `${r.origin}: NOT reloaded, still serving serial ${r.serial}${p ? ` — ${p.file}:${p.line}: ${p.message}` : ""}`;
}
