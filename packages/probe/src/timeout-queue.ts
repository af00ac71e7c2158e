/**
 * Probe timeouts without a timer per probe: every probe of a prober has the same timeout, so
 * deadlines arrive in send order; one FIFO and one timer (re-armed for the oldest deadline)
 * expire them all. A timer per probe costs more than the probe at thousands per second.
 */
export class TimeoutQueue<T extends { deadline: number }> {
  private fifo: T[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /** `onExpire` gets each entry whose deadline passed; it decides whether that is still a loss. */
  constructor(private readonly onExpire: (entry: T) => void) {}

  push(entry: T): void {
    if (this.closed) return;
    this.fifo.push(entry);
    if (!this.timer) this.arm(entry.deadline - performance.now());
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.fifo = [];
    this.head = 0;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.sweep(), Math.max(1, delayMs));
  }

  private sweep(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.head < this.fifo.length && this.fifo[this.head]!.deadline <= now) this.onExpire(this.fifo[this.head++]!);
    // Compact now and then so the array does not grow with every probe ever sent.
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.fifo.length && !this.closed) this.arm(this.fifo[this.head]!.deadline - now);
    else {
      this.fifo = [];
      this.head = 0;
    }
  }
}
