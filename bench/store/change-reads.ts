import type { StoreBackend } from "@dnsteer/storage";
import { decisions } from "./workload.js";

/** What a responder reads per new version: everything (as before step 012) or the changes since its version. */
export interface ChangeReads {
  /** Every decision with its reason (what the responder's mirror read per version before). */
  wholeMs: number;
  /** `decisionChanges` since the version before one write of `changed` decisions. */
  changesMs: number;
  /** Whether the backend answered with everything (SQLite always does). */
  full: boolean;
}

/**
 * The median of three rounds: a write of `changed` decisions (of the map's sources), then
 * `decisionChanges` since the version before it and `listDecisions`, timed back to back.
 */
export async function measureChangeReads(
  store: StoreBackend,
  providerNames: readonly string[],
  changed: number,
  round: number,
): Promise<ChangeReads> {
  const whole: number[] = [];
  const changes: number[] = [];
  let full = false;
  for (let k = 0; k < 3; k++) {
    const before = await store.mapVersion();
    await store.writeDecisions(decisions(k * changed, changed, providerNames, round + k), Date.now());
    let t = performance.now();
    const read = await store.decisionChanges(before);
    changes.push(performance.now() - t);
    full = read.full;
    t = performance.now();
    await store.listDecisions();
    whole.push(performance.now() - t);
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[1]!;
  return { wholeMs: median(whole), changesMs: median(changes), full };
}
