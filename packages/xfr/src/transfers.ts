import type { TsigKeyring } from "@dnsteer/tsig";
import type { Name } from "@dnsteer/wire";
import type { Zone, ZoneSet } from "@dnsteer/zone";
import { dataChanged, diffZones, soaRecord, zoneDigest } from "./diff.js";
import { ZoneJournal } from "./journal.js";
import { readJournalFile, writeJournalFile } from "./journal-file.js";
import { DEFAULT_NOTIFY_RETRY, type NotifyOutcome, type NotifyRetry, sendNotify } from "./notify.js";
import type { ZoneTransferPolicy } from "./policy.js";
import { compareSerial } from "./serial.js";

/** What the server's transfer plugin reads while answering (synchronously, from memory). */
export interface TransferService {
  readonly keys: TsigKeyring;
  policy(origin: Name): ZoneTransferPolicy | undefined;
  journal(origin: Name): ZoneJournal | undefined;
}

/** What a reload did to one zone's serial. */
export type SerialChange = "raised" | "unchanged" | "data-changed-serial-kept" | "serial-went-back" | "added";

export interface ZoneReloadReport {
  origin: Name;
  serial: number;
  change: SerialChange;
  /** NOTIFYs sent (one per configured secondary) when the serial moved forward. */
  notified: number;
}

export interface TransfersOptions {
  retry?: NotifyRetry;
  /** Each NOTIFY's outcome, once its retries end. */
  onNotify?: (origin: Name, outcome: NotifyOutcome) => void;
}

/**
 * Zone transfers' state beside the server: each zone's policy and IXFR journal. The app calls
 * `start` once the zones first load and `afterReload(before, after)` after each reload that
 * swapped zones in: it diffs each zone, journals the change, reports a serial that was not
 * raised though the data changed, and NOTIFYs the zone's secondaries.
 */
export class Transfers implements TransferService {
  private readonly policies = new Map<Name, ZoneTransferPolicy>();
  private readonly journals = new Map<Name, ZoneJournal>();
  /**
   * The zone each journal was last brought up to. It, not the caller's `before`, is what a
   * reload is diffed against: two reload requests that made one swap report it once.
   */
  private readonly seen = new Map<Name, Zone>();
  /** NOTIFY rounds still retrying (tests wait on them). */
  readonly pending = new Set<Promise<NotifyOutcome[]>>();

  constructor(
    policies: readonly ZoneTransferPolicy[],
    readonly keys: TsigKeyring,
    private readonly options: TransfersOptions = {},
  ) {
    for (const p of policies) {
      this.policies.set(p.origin, p);
      this.journals.set(p.origin, new ZoneJournal(p.origin));
    }
  }

  policy(origin: Name): ZoneTransferPolicy | undefined {
    return this.policies.get(origin);
  }

  journal(origin: Name): ZoneJournal | undefined {
    return this.journals.get(origin);
  }

  /**
   * Read each journal file. A history that does not end with the zone now loaded (another
   * serial, or the same serial over other data: the file was edited while we were down) is
   * dropped: IXFR clients then get the whole zone. Returns the origins whose history was dropped.
   */
  start(zones: ZoneSet): Name[] {
    const dropped: Name[] = [];
    for (const [origin, journal] of this.journals) {
      const zone = zones.get(origin);
      const path = this.policies.get(origin)?.journalPath;
      if (!zone) continue;
      this.seen.set(origin, zone);
      const digest = zoneDigest(zone);
      if (!path) {
        journal.clear(digest);
        continue;
      }
      let read = false;
      try {
        read = readJournalFile(path, journal);
      } catch {
        read = false;
      }
      const last = journal.lastSerial();
      if (read && (journal.digest !== digest || (last !== undefined && last !== soaRecord(zone).data.serial))) {
        dropped.push(origin);
        journal.clear(digest);
        writeJournalFile(path, journal);
      } else if (!read) {
        journal.clear(digest);
        writeJournalFile(path, journal);
      }
    }
    return dropped;
  }

  afterReload(before: ZoneSet, after: ZoneSet): ZoneReloadReport[] {
    const reports: ZoneReloadReport[] = [];
    for (const [origin, journal] of this.journals) {
      const now = after.get(origin);
      if (!now) continue;
      const was = this.seen.get(origin) ?? before.get(origin);
      this.seen.set(origin, now);
      const policy = this.policies.get(origin)!;
      const serial = soaRecord(now).data.serial;
      if (!was) {
        journal.clear(zoneDigest(now));
        reports.push({ origin, serial, change: "added", notified: this.notify(policy, soaRecord(now)) });
        continue;
      }
      if (was === now) {
        reports.push({ origin, serial, change: "unchanged", notified: 0 });
        continue;
      }
      const delta = diffZones(was, now);
      const order = compareSerial(serial, delta.from.data.serial);
      let change: SerialChange;
      if (order > 0) {
        change = "raised";
        journal.record(delta, zoneDigest(now));
      } else if (dataChanged(delta)) {
        // The secondaries will never ask for this data; the history no longer describes the zone.
        change = order === 0 ? "data-changed-serial-kept" : "serial-went-back";
        journal.clear(zoneDigest(now));
      } else {
        change = order === 0 ? "unchanged" : "serial-went-back";
        if (order < 0) journal.clear(zoneDigest(now));
      }
      if (policy.journalPath && change !== "unchanged") writeJournalFile(policy.journalPath, journal);
      reports.push({ origin, serial, change, notified: change === "raised" ? this.notify(policy, delta.to) : 0 });
    }
    return reports;
  }

  /** Wait for every NOTIFY round still retrying. */
  async settled(): Promise<NotifyOutcome[]> {
    const all = await Promise.all([...this.pending]);
    return all.flat();
  }

  private notify(policy: ZoneTransferPolicy, soa: ReturnType<typeof soaRecord> | undefined): number {
    if (!soa || policy.notify.length === 0) return 0;
    const round = Promise.all(
      policy.notify.map((t) => sendNotify(t, policy.origin, soa, policy.key, this.options.retry ?? DEFAULT_NOTIFY_RETRY)),
    );
    this.pending.add(round);
    void round.then((outcomes) => {
      this.pending.delete(round);
      for (const o of outcomes) this.options.onNotify?.(policy.origin, o);
    });
    return policy.notify.length;
  }
}
