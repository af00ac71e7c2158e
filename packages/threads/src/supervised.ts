import type { TransferListItem } from "node:worker_threads";
import type { ThreadHandle, ThreadSpec } from "./thread.js";

export interface Supervision<In, Out> {
  /** Wires a (re)started thread's messages; called with each new handle. */
  attach(thread: ThreadHandle<In, Out>): void;
  /**
   * The thread ended without being asked to (it threw, or its body returned): `err` says how,
   * `restartInMs` when it starts again, `crashes` how many times so far. Log it and count it.
   */
  onCrash(err: Error, restartInMs: number, crashes: number): void;
  /** First wait before a restart; doubled per crash in a row, up to `maxBackoffMs`. Default 1 s. */
  initialBackoffMs?: number;
  /** Default 60 s. */
  maxBackoffMs?: number;
  /** A thread that ran this long before it ended starts the backoff over. Default 60 s. */
  stableAfterMs?: number;
  /** Do not keep the process alive for this thread (ThreadHandle.worker.unref). */
  unref?: boolean;
}

/**
 * A thread that is started again when it ends on its own: a background thread whose work the
 * process needs (the responder's decision refresh, its flow table) must not die quietly and
 * leave the process answering from a map that never changes again. Restarts back off (1 s,
 * 2 s, ... 60 s) so a thread that dies at start does not spin; `data` is read at each start, so
 * a restart gets what holds then. Messages posted while it is down are dropped (counted).
 */
export class SupervisedThread<Data, In, Out> {
  crashes = 0;
  /** Posts dropped because the thread was down (between a crash and its restart). */
  droppedPosts = 0;
  private thread: ThreadHandle<In, Out> | undefined;
  private inRow = 0;
  private startedAt = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly spec: ThreadSpec<Data, In, Out>,
    private readonly data: () => Data,
    private readonly supervision: Supervision<In, Out>,
  ) {
    this.start();
  }

  /** The running thread, or undefined while it waits to restart. */
  get current(): ThreadHandle<In, Out> | undefined {
    return this.thread;
  }

  post(message: In, transfer?: readonly TransferListItem[]): void {
    if (this.thread) this.thread.post(message, transfer);
    else this.droppedPosts++;
  }

  /** Stops it for good: the stop message, then terminate past `graceMs`; no restart after. */
  async stop(message: In, graceMs?: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.thread?.stop(message, graceMs);
  }

  private start(): void {
    const thread = this.spec.start(this.data());
    this.thread = thread;
    this.startedAt = Date.now();
    if (this.supervision.unref) thread.worker.unref();
    let error: Error | undefined;
    thread.worker.on("error", (err) => (error = err));
    thread.worker.once("exit", (code) => {
      if (this.thread === thread) this.thread = undefined;
      if (this.stopping) return;
      this.crashed(error ?? new Error(`thread ${this.spec.entry.pathname} exited by itself with code ${code}`));
    });
    this.supervision.attach(thread);
  }

  private crashed(err: Error): void {
    const { initialBackoffMs = 1000, maxBackoffMs = 60_000, stableAfterMs = 60_000 } = this.supervision;
    if (Date.now() - this.startedAt >= stableAfterMs) this.inRow = 0;
    const wait = Math.min(maxBackoffMs, initialBackoffMs * 2 ** this.inRow);
    this.inRow++;
    this.crashes++;
    this.supervision.onCrash(err, wait, this.crashes);
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.start();
    }, wait);
    if (this.supervision.unref) this.restartTimer.unref();
  }
}
