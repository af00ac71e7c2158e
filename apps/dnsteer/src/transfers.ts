import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "@dnsteer/config";
import { LimitedLog } from "@dnsteer/log-limit";
import { keyringOf, Transfers, type ZoneReloadReport, zoneTransferPolicy } from "@dnsteer/xfr";
import type { ZoneSet } from "@dnsteer/zone";
import type { Logger } from "pino";
import { storedTsigLookup } from "./tsig-store.js";

/**
 * A secondary that is down fails every NOTIFY: said once per zone and secondary a minute, then
 * counted. One per logger, shared by the Transfers a config reload builds anew.
 */
const notifyLogs = new WeakMap<Logger, LimitedLog>();
function notifyFailuresOf(log: Logger): LimitedLog {
  let limited = notifyLogs.get(log);
  if (!limited) notifyLogs.set(log, (limited = new LimitedLog(log).start()));
  return limited;
}

/**
 * Zone transfers from the config: one policy per zone that has `transfer` or `notify`, the
 * journal of each in `<dataDir>/journals/<origin>journal` (the data folder is writable where
 * the zone files may not be). Undefined when no zone transfers or notifies: the server then
 * refuses AXFR/IXFR as before.
 */
export function createTransfers(config: Config, zones: ZoneSet, log: Logger): Transfers | undefined {
  const configured = config.zones.filter((z) => z.transfer || z.notify);
  if (configured.length === 0) return undefined;
  // The config's keys, then the admin API's (read at use: see tsig-store.ts).
  const keys = keyringOf(config.tsig, storedTsigLookup(config.dataDir));
  const dir = join(config.dataDir, "journals");
  mkdirSync(dir, { recursive: true });
  const policies = configured.map((z) => {
    const origin = z.origin ?? zones.zones().find((loaded) => loaded.source === z.file)?.origin;
    if (!origin) throw new Error(`zone file ${z.file}: no origin to transfer it by`);
    return zoneTransferPolicy(
      {
        origin,
        allow: z.transfer?.allow,
        key: z.transfer?.key,
        notify: z.notify,
        serial: z.serial,
        journalPath: join(dir, `${origin}journal`),
      },
      keys,
    );
  });
  const notifyFailures = notifyFailuresOf(log);
  const transfers = new Transfers(policies, keys, {
    onNotify: (origin, outcome) => {
      const target = `${outcome.target.address}:${outcome.target.port}`;
      if (outcome.ok) log.info({ zone: origin, target, tries: outcome.tries, rcode: outcome.rcode }, "NOTIFY answered");
      else
        notifyFailures.warn(
          `${origin}|${target}`,
          { zone: origin, target, tries: outcome.tries, reason: outcome.reason },
          "NOTIFY not answered; the secondary will find the change at its SOA refresh",
        );
    },
  });
  const dropped = transfers.start(zones);
  if (dropped.length > 0)
    log.warn({ zones: dropped }, "IXFR history dropped: the zone changed while dnsteer was not running; secondaries get a full transfer");
  return transfers;
}

/** After a reload: journal, NOTIFY, and say which zones changed data without raising the serial. */
export function reportTransfers(transfers: Transfers, before: ZoneSet, after: ZoneSet, log: Logger): ZoneReloadReport[] {
  const reports = transfers.afterReload(before, after);
  for (const r of reports) {
    if (r.change === "data-changed-serial-kept")
      log.warn({ zone: r.origin, serial: r.serial }, "zone data changed but the serial did not: secondaries will not transfer it");
    else if (r.change === "serial-went-back")
      log.warn({ zone: r.origin, serial: r.serial }, "zone serial went back: secondaries keep their newer copy");
    else if (r.change === "raised") log.info({ zone: r.origin, serial: r.serial, notified: r.notified }, "zone serial raised");
  }
  return reports;
}
