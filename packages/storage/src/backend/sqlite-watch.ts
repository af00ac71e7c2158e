import type { MapWatch, WatchOptions } from "./backend.js";

/**
 * SQLite's change signal: polls the trigger-bumped decisions counter (one indexed row) every
 * interval; another process's commit shows at the next poll. Its timer does not keep the process alive.
 */
export class PollingMapWatch implements MapWatch {
  private last: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly read: () => number,
    known: number,
    private readonly onVersion: (version: number) => void,
    private readonly opts: WatchOptions,
  ) {
    this.last = known;
    this.check();
    this.timer = setInterval(() => this.check(), opts.intervalMs ?? 250);
    this.timer.unref();
  }

  get version(): number {
    return this.last;
  }

  private check(): void {
    let now: number;
    try {
      now = this.read();
    } catch (err) {
      this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (now > this.last) {
      this.last = now;
      this.onVersion(now);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }
}
