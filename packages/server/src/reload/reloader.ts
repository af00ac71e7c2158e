/**
 * Runs reloads one at a time. A request while one runs is queued behind it (the files may have
 * changed after that one read them), and any number of requests during one run make one queued
 * reload, not one each: never lost, never doubled. Each request resolves with the outcome of
 * the reload that serves it.
 */
export class Reloader<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  /** `run` must not reject: it reports failure in its outcome. */
  constructor(private readonly run: () => Promise<T>) {}

  request(): Promise<T> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  /** Whether a reload is running now. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  private start(): Promise<T> {
    const p = this.run().finally(() => {
      if (this.running === p) this.running = undefined;
    });
    this.running = p;
    return p;
  }
}
