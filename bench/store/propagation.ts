import type { MapWatch, StoreBackend } from "@dnsteer/storage";
import { decisions } from "./workload.js";

/** One subscriber's view: the highest version heard and when, and whether this round is done. */
interface Subscriber {
  heard: number;
  heardAt: number;
  done: boolean;
}

/**
 * One decider and its subscribers (each its own store handle: another connection, as another
 * responder would have), hearing new versions from their watches. `round` writes `changed`
 * decisions and resolves when every subscriber has heard that version; `signal` collects write
 * start → heard, per subscriber and round (ms). Subscribers do not reread the map here: in one
 * process SQLite's synchronous reads would queue behind each other, which separate responder
 * processes do not; the map read is timed on its own (write-rate.ts). A version can be heard
 * before the writer learns which one it wrote (NOTIFY comes with the commit), so each
 * subscriber keeps what it heard and when.
 */
export class SignalBench {
  readonly signal: number[] = [];
  private started = 0;
  private target = Number.POSITIVE_INFINITY;
  private pending = 0;
  private roundDone: () => void = () => undefined;
  private readonly subscribers: Subscriber[] = [];
  private readonly watches: MapWatch[] = [];

  private constructor(
    private readonly writer: StoreBackend,
    private readonly providerNames: readonly string[],
    private readonly changed: number,
  ) {}

  static async start(
    writer: StoreBackend,
    stores: readonly StoreBackend[],
    providerNames: readonly string[],
    changed: number,
  ): Promise<SignalBench> {
    const bench = new SignalBench(writer, providerNames, changed);
    for (const store of stores) {
      const s: Subscriber = { heard: await store.mapVersion(), heardAt: 0, done: true };
      bench.subscribers.push(s);
      bench.watches.push(
        await store.watchMapVersion(s.heard, (version) => {
          s.heard = version;
          s.heardAt = performance.now();
          bench.finish(s);
        }),
      );
    }
    return bench;
  }

  async round(n: number): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.roundDone = resolve;
    });
    this.pending = this.subscribers.length;
    for (const s of this.subscribers) s.done = false;
    this.target = Number.POSITIVE_INFINITY;
    this.started = performance.now();
    this.target = await this.writer.writeDecisions(decisions(n * this.changed, this.changed, this.providerNames, n), Date.now());
    for (const s of this.subscribers) this.finish(s);
    await done;
  }

  private finish(s: Subscriber): void {
    if (s.done || s.heard < this.target) return;
    s.done = true;
    this.signal.push(s.heardAt - this.started);
    if (--this.pending === 0) this.roundDone();
  }

  async close(): Promise<void> {
    for (const w of this.watches) await w.close();
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
