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
    // The timer only schedules the sweep: it runs in the check phase, after the loop's poll phase
    // has read the sockets. Timers run before I/O, so a sweep straight from the timer, after the
    // thread was held past a deadline (GC, a stalled box), expired probes whose replies were
    // already waiting in the socket: good paths read as lossy and sources moved off them.
    this.timer = setTimeout(() => setImmediate(() => this.sweep()), Math.max(1, delayMs));
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
