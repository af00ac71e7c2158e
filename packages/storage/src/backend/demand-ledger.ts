import { canonicalAddress } from "../address.js";
import type { SourceInput } from "../types.js";

/**
 * The latest demand report of each responder per source, and their merge: a source counted at
 * two responders is one source with the sum of their rates, queries and group counts; first seen
 * the earliest, last seen the latest, ECS if either saw it, the aggregate of the latest report.
 * Pure (no I/O): the SQLite backend keeps one in memory; PostgreSQL does the same merge in SQL
 * over its `source_demand` table.
 */
export class DemandLedger {
  private readonly bySource = new Map<string, Map<string, SourceInput>>();

  /** Records one responder's batch; returns the merged sources it touched. */
  report(responder: string, batch: readonly SourceInput[]): SourceInput[] {
    const touched = new Set<string>();
    for (const s of batch) {
      const key = sourceKey(s);
      let reports = this.bySource.get(key);
      if (!reports) this.bySource.set(key, (reports = new Map()));
      reports.set(responder, s);
      touched.add(key);
    }
    return [...touched].map((k) => mergeReports(this.bySource.get(k)!));
  }

  /** Forgets reports last seen before `time`; returns the merge of the sources that still have reports. */
  forgetBefore(time: number): SourceInput[] {
    const changed: SourceInput[] = [];
    for (const [key, reports] of this.bySource) {
      let dropped = false;
      for (const [responder, s] of reports) {
        if (s.lastSeen < time) {
          reports.delete(responder);
          dropped = true;
        }
      }
      if (reports.size === 0) this.bySource.delete(key);
      else if (dropped) changed.push(mergeReports(reports));
    }
    return changed;
  }
}

/** The merge of one source's reports (at least one); on a tie of last seen, the first report's aggregate. */
export function mergeDemand(reports: readonly SourceInput[]): SourceInput {
  let latest = reports[0]!;
  const groupCounts: Record<string, number> = {};
  let rate = 0;
  let queries = 0;
  let firstSeen = Number.POSITIVE_INFINITY;
  let lastSeen = Number.NEGATIVE_INFINITY;
  let ecs = false;
  for (const r of reports) {
    rate += r.rate;
    queries += r.queries;
    firstSeen = Math.min(firstSeen, r.firstSeen);
    lastSeen = Math.max(lastSeen, r.lastSeen);
    ecs ||= r.ecs;
    if (r.lastSeen > latest.lastSeen) latest = r;
    for (const [group, n] of Object.entries(r.groupCounts)) groupCounts[group] = (groupCounts[group] ?? 0) + n;
  }
  return {
    ...latest,
    rate,
    queries,
    groupCounts,
    firstSeen,
    lastSeen,
    ecs,
  };
}

/** Reports in responder-name order, so a tie between latest reports goes the same way as in SQL. */
function mergeReports(reports: Map<string, SourceInput>): SourceInput {
  return mergeDemand([...reports.keys()].sort().map((responder) => reports.get(responder)!));
}

function sourceKey(s: SourceInput): string {
  return canonicalAddress(s.address).address + "/" + s.prefixLength;
}
