import type { MapWatch, StoreBackend } from "@dnsteer/storage";
import { decisions } from "./workload.js";

/** One subscriber's view: the highest version heard and when, and whether this round is done. */
interface Subscriber {
  heard: number;
  heardAt: number;
  done: boolean;
}

/**
 * The decider writes `changed` decisions per round; each subscriber (its own store handle:
 * another connection, as another responder would have) hears the new version from its watch.
 * Returns write start → heard, per subscriber and round (ms). Subscribers do not reread the map
 * here: in one process, SQLite's synchronous reads would queue behind each other, which separate
 * responder processes do not; the map read is timed once on its own (write-rate.ts).
 * A version can be heard before the writer learns which one it wrote (NOTIFY comes with the
 * commit), so each subscriber keeps what it heard and when.
 */
export async function measureSignal(
  writer: StoreBackend,
  stores: readonly StoreBackend[],
  providerNames: readonly string[],
  rounds: number,
  changed: number,
): Promise<number[]> {
  const out: number[] = [];
  // Watches do not keep a process alive (a responder's server does): this bench must stay up.
  const keepAlive = setInterval(() => undefined, 1000);
  let started = 0;
  let target = Number.POSITIVE_INFINITY;
  let pending = 0;
  let roundDone: () => void = () => undefined;
  const finish = (s: Subscriber) => {
    if (s.done || s.heard < target) return;
    s.done = true;
    out.push(s.heardAt - started);
    if (--pending === 0) roundDone();
  };
  const subscribers: Subscriber[] = [];
  const watches: MapWatch[] = [];
  for (const store of stores) {
    const s: Subscriber = { heard: await store.mapVersion(), heardAt: 0, done: true };
    subscribers.push(s);
    watches.push(
      await store.watchMapVersion(s.heard, (version) => {
        s.heard = version;
        s.heardAt = performance.now();
        finish(s);
      }),
    );
  }
  for (let round = 1; round <= rounds; round++) {
    const done = new Promise<void>((resolve) => {
      roundDone = resolve;
    });
    pending = subscribers.length;
    for (const s of subscribers) s.done = false;
    target = Number.POSITIVE_INFINITY;
    started = performance.now();
    target = await writer.writeDecisions(decisions(round * changed, changed, providerNames, round), Date.now());
    for (const s of subscribers) finish(s);
    await done;
  }
  for (const w of watches) await w.close();
  clearInterval(keepAlive);
  return out;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
