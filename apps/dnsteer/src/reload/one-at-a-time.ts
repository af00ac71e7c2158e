/**
 * Runs a task one at a time: a request while it runs queues one more run after it (the files
 * may have changed after the running one read them); more requests meanwhile join that one.
 */
export class OneAtATime {
  private running: Promise<void> | undefined;
  private queued = false;

  /** `task` must not reject. */
  constructor(private readonly task: () => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.queued = true;
      return;
    }
    this.running = this.task().finally(() => {
      this.running = undefined;
      if (this.queued) {
        this.queued = false;
        this.request();
      }
    });
  }
}
