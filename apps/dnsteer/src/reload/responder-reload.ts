import type { Config } from "@dnsteer/config";
import type { DnsServer, ServerSettingsInput } from "@dnsteer/server";
import { type Store, type ZoneReload, ZoneReloadRepo } from "@dnsteer/storage";
import type { Logger } from "pino";
import { createTransfers, reportTransfers } from "../transfers.js";
import { configuredZoneFiles } from "../zones.js";
import { type ConfigInForce, logReread } from "./config-reload.js";
import type { LiveSteering } from "./live-steering.js";
import type { LiveTransfers } from "./live-transfers.js";
import { zoneReloadResults } from "./zone-results.js";

/** Each zone's load or reload in zone_reloads (the API's zone list shows it); a store that fails is logged, never fatal. */
export function storeZoneResults(store: Store, results: ZoneReload[], log: Logger): void {
  try {
    const repo = new ZoneReloadRepo(store.db);
    keepSerialWarnings(results, repo.list());
    repo.put(results);
  } catch (err) {
    log.error({ err }, "could not store the zones' reload results");
  }
}

/**
 * Data changed under an unchanged serial stays true until the serial moves: a later reload
 * that finds no further change does not make the secondaries' copy right again.
 */
function keepSerialWarnings(results: ZoneReload[], previous: readonly ZoneReload[]): void {
  const byOrigin = new Map(previous.map((r) => [r.origin, r]));
  for (const r of results) {
    const before = byOrigin.get(r.origin);
    if (before?.dataChangedSerialKept && before.serial === r.serial) r.dataChangedSerialKept = true;
  }
}

/** The responder's settings from the config (what a reload may change of them takes effect with the next snapshot). */
export function serverSettingsOf(config: Config): ServerSettingsInput {
  return {
    udpPayloadSize: config.udpPayloadSize,
    nsid: config.nsid === undefined ? undefined : Buffer.from(config.nsid),
    chaos: config.chaos,
    templateCacheEntries: config.templateCacheEntries,
    tcp: config.tcp,
    rrl: config.rrl,
    cookies: config.cookies,
    udpReceiveBufferBytes: config.udpReceiveBufferBytes,
  };
}

export interface ResponderReloadDeps {
  server: DnsServer;
  inForce: ConfigInForce;
  store: Store;
  log: Logger;
  steering?: LiveSteering;
  transfers?: LiveTransfers;
}

/**
 * One responder reload (SIGHUP, which `dnsteer zone reload` and the API's reload send): reread
 * the config and apply what changes live — the zone list, settings, transfers/NOTIFY and TSIG
 * keys, steering, providers' answer addresses, the log level — then reread every zone file and
 * swap them in (or keep the old ones, all of them, when one fails). Each zone's result goes to
 * the store's zone_reloads (the API's zone list shows it) and to the log, with its serial.
 */
export async function reloadResponder(deps: ResponderReloadDeps): Promise<ZoneReload[]> {
  const { server, inForce, store, log } = deps;
  const reread = inForce.reread();
  logReread(reread, log, "responder");
  const config = inForce.config;
  const changed = new Set(reread.ok ? reread.changes.changed : []);
  const files = configuredZoneFiles(config);
  server.reconfigure({ zoneFiles: files, settings: serverSettingsOf(config) });
  log.level = config.log.level;
  if (changed.has("providers")) store.syncProviders(config.providers);

  const before = server.current().zones;
  const outcome = await server.reload();
  const after = server.current().zones;
  const results = zoneReloadResults(files, before, outcome.ok ? { ok: true, after } : { ok: false, error: outcome.error }, Date.now());
  storeZoneResults(store, results, log);
  for (const r of results) {
    if (!r.ok)
      log.error(
        { zone: r.origin, serial: r.serial, error: r.error },
        `zone ${r.origin} not reloaded: ${r.error!.file}:${r.error!.line}: ${r.error!.message}; serial ${r.serial ?? "none"} keeps serving`,
      );
    else if (r.dataChangedSerialKept)
      log.warn(
        { zone: r.origin, serial: r.serial },
        `zone ${r.origin} reloaded, serial ${r.serial}: data changed but the serial did not (secondaries will not transfer it)`,
      );
    else log.info({ zone: r.origin, serial: r.serial, records: r.records }, `zone ${r.origin} reloaded, serial ${r.serial}`);
  }
  // One line for the whole reload, as before: what serves now, or why nothing changed.
  if (outcome.ok) log.info({ zones: results.map((r) => `${r.origin} ${r.serial}`) }, "zones reloaded");
  else log.error({ err: outcome.error.message }, "reload failed; still serving the previous zones");
  const gone = before.zones().filter((z) => !after.get(z.origin));
  if (gone.length) log.info({ zones: gone.map((z) => z.origin) }, `no longer served: ${gone.map((z) => z.origin).join(", ")}`);

  if (outcome.ok && deps.transfers) {
    // Journal and NOTIFY by the settings the change was made under; then the new settings.
    reportTransfers(deps.transfers.current, before, after, log);
    if (changed.has("zones") || changed.has("tsig")) {
      try {
        const next = createTransfers(config, after, log);
        if (next) deps.transfers.replace(next);
      } catch (err) {
        log.error({ err: (err as Error).message }, "zone transfers: the reloaded settings do not apply; transfers keep the previous ones");
      }
    }
  }
  deps.steering?.setConfig(config);
  return results;
}
