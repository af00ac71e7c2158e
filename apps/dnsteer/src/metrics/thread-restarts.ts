import { Counter, type Registry } from "prom-client";

/** The logger part this needs (pino's Logger fits). */
interface ErrorLogger {
  error(fields: object, message: string): void;
}

/**
 * serve's background threads (decision refresh, flow table) that died and were started again:
 * each death logged at error with when it restarts, and counted per thread for /metrics
 * (`dnsteer_thread_restarts_total`). Deaths back off (1 s doubling to 60 s), so a thread that
 * keeps dying is said about once a minute, never in a loop.
 */
export class ThreadRestarts {
  readonly counts = new Map<string, number>();

  constructor(private readonly log: ErrorLogger) {}

  /** A crash callback for `thread` (SupervisedThread's onCrash). */
  for(thread: string, consequence: string): (err: Error, restartInMs: number) => void {
    return (err, restartInMs) => {
      this.counts.set(thread, (this.counts.get(thread) ?? 0) + 1);
      this.log.error(
        { err, thread, restartInMs, restarts: this.counts.get(thread) },
        `${thread} thread died; ${consequence}; starting it again`,
      );
    };
  }

  register(registry: Registry): void {
    const counts = this.counts;
    new Counter({
      name: "dnsteer_thread_restarts_total",
      help: "Background threads of serve (refresh: decision map; flow: sources table) that died and were started again",
      labelNames: ["thread"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [thread, n] of counts) this.inc({ thread }, n);
      },
    });
  }
}
