import type { Worker } from "node:worker_threads";
import type { CommittedBatch, PathStat, ProviderHealth, SampleInput, Synchronous } from "@dnsteer/storage";
import { ThreadSpec } from "@dnsteer/threads";

export type WriterRequest =
  | { type: "batch"; samples: SampleInput[]; stats: PathStat[] }
  | { type: "health"; states: ProviderHealth[]; at: number }
  | { type: "retention"; before: number }
  | { type: "close" };

export type WriterReply =
  | { type: "ready" }
  | { type: "committed"; batch: CommittedBatch | null }
  | { type: "failed"; error: string; buffered: number }
  | { type: "retention"; deleted: number }
  | { type: "health-stored" }
  | { type: "retention-failed"; error: string };

/** What the writer thread starts with: its own connection's file and settings. */
export interface WriterData {
  path: string;
  synchronous: Synchronous;
  maxBuffered: number;
}

/** The writer thread: its body and protocol (one reply per request, "ready" first). */
export const writerThread = new ThreadSpec<WriterData, WriterRequest, WriterReply>(new URL("./store-writer-thread.ts", import.meta.url));

/**
 * Writes samples and aggregates from a worker thread. better-sqlite3 is synchronous: a flush of
 * 1000 samples on the probing thread held the event loop for milliseconds, and every reply that
 * arrived meanwhile carried that wait in its RTT (bench/measure: ICMP p99 error 2.4 ms at 1k/s
 * with 200 ms flushes, 0.4 ms with none). The probing thread now only posts the batch.
 * The writer thread has its own connection; it is the only writer of samples and path_stats.
 */
export class StoreWriter {
  private outstanding = 0;
  private idleWaiters: (() => void)[] = [];
  private closed?: Promise<void>;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly onReply: (r: WriterReply) => void,
  ) {
    worker.on("message", (r: WriterReply) => {
      this.outstanding -= 1;
      this.onReply(r);
      if (this.outstanding === 0) this.wake();
    });
    // A dead thread answers nothing more: nobody may wait for it.
    worker.on("exit", () => {
      this.exited = true;
      this.outstanding = 0;
      this.wake();
    });
  }

  /** Resolves once the thread has opened the database, or rejects with why it could not. */
  static start(path: string, synchronous: Synchronous, maxBuffered: number, onReply: (r: WriterReply) => void): Promise<StoreWriter> {
    const worker = writerThread.start({ path, synchronous, maxBuffered }).worker;
    return new Promise((resolve, reject) => {
      const failed = (err: unknown) => {
        off();
        reject(new Error(`store writer thread failed to start: ${String(err)}`));
      };
      const exited = (code: number) => failed(`exit ${code}`);
      // Only our own listeners: removeAllListeners() would also drop the hooks with which Worker
      // refs its message port, and replies would then wait until the loop has nothing else to do.
      const off = () => {
        worker.off("error", failed);
        worker.off("exit", exited);
      };
      worker.once("error", failed);
      worker.once("exit", exited);
      worker.once("message", (r: WriterReply) => {
        if (r.type !== "ready") return failed(`unexpected ${r.type}`);
        off();
        const writer = new StoreWriter(worker, onReply);
        worker.on("error", (err) => onReply({ type: "failed", error: `writer thread: ${String(err)}`, buffered: -1 }));
        resolve(writer);
      });
    });
  }

  write(samples: SampleInput[], stats: PathStat[]): void {
    this.send({ type: "batch", samples, stats });
  }

  retention(before: number): void {
    this.send({ type: "retention", before });
  }

  /** Providers' health for the controller (written at once: it is rare and it matters). */
  health(states: readonly Omit<ProviderHealth, "updatedAt">[], at: number): void {
    this.send({ type: "health", states: states.map((s) => ({ ...s, updatedAt: at })), at });
  }

  /** Commits what is buffered, closes the database and ends the thread. */
  close(): Promise<void> {
    this.closed ??= this.exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.worker.once("exit", () => resolve());
          this.send({ type: "close" });
        });
    return this.closed;
  }

  /** Resolves when every message sent so far has been handled. */
  idle(): Promise<void> {
    return this.outstanding === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }

  private wake(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private send(m: WriterRequest): void {
    if (this.exited) {
      this.onReply({ type: "failed", error: "writer thread has exited", buffered: -1 });
      return;
    }
    this.outstanding += 1;
    this.worker.postMessage(m);
  }
}
