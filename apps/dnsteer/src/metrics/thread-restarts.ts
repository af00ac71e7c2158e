import { join } from "node:path";
import { Counter, type Registry } from "prom-client";
import { writeStateFile } from "../state-file.js";
import { THREAD_STATE_FILE, type ThreadState } from "./thread-state.js";

/** The logger part this needs (pino's Logger fits). */
interface ErrorLogger {
  error(fields: object, message: string): void;
}

/**
 * serve's background threads (decision refresh, flow table) that died and were started again:
 * each death logged at error with when it restarts, counted per thread for /metrics
 * (`dnsteer_thread_restarts_total`), and written to THREAD_STATE_FILE in the data folder, which
 * `dnsteer status` shows. Deaths back off (1 s doubling to 60 s), so a thread that keeps dying is
 * said about once a minute, never in a loop.
 */
export class ThreadRestarts {
  readonly state: ThreadState = { startedAt: Date.now(), threads: {} };
  private readonly path: string | undefined;

  /** `dataDir`: where the state file goes (written now, empty, so a previous run's is not read as this one's). */
  constructor(
    private readonly log: ErrorLogger,
    dataDir?: string,
  ) {
    this.path = dataDir === undefined ? undefined : join(dataDir, THREAD_STATE_FILE);
    this.write();
  }

  /** A crash callback for `thread` (SupervisedThread's onCrash). */
  for(thread: string, consequence: string): (err: Error, restartInMs: number) => void {
    return (err, restartInMs) => {
      const restarts = (this.state.threads[thread]?.restarts ?? 0) + 1;
      this.state.threads[thread] = { restarts, lastError: err.message, consequence, lastAt: Date.now() };
      this.log.error({ err, thread, restartInMs, restarts }, `${thread} thread died; ${consequence}; starting it again`);
      this.write();
    };
  }

  register(registry: Registry): void {
    const threads = this.state.threads;
    new Counter({
      name: "dnsteer_thread_restarts_total",
      help: "Background threads of serve (refresh: decision map; flow: sources table) that died and were started again",
      labelNames: ["thread"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [thread, d] of Object.entries(threads)) this.inc({ thread }, d.restarts);
      },
    });
  }

  private write(): void {
    if (this.path === undefined) return;
    try {
      writeStateFile(this.path, this.state);
    } catch (err) {
      this.log.error({ err, file: this.path }, "could not write the thread state file (dnsteer status will not show thread deaths)");
    }
  }
}
