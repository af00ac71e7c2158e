/**
 * Probe pacing: a hard budget and jittered spacing.
 *
 * The budget is a token bucket (rate per second, capacity `burst`): over any interval T at most
 * rate*T + burst probes go out. Spacing is a virtual send clock advanced by a jittered gap per
 * probe (mean 1/rate, ±jitter), so probes are spread out and never phase-locked to a timer; if the
 * caller falls behind (timer lag), the clock catches up by at most `burst` probes, never more:
 * bursts distort RTT (FACTS: 750-probe bursts push p99 error to 3.9 ms).
 */
export class Pacer {
  private tokens: number;
  private refilledAt: number;
  private nextAt: number;
  private readonly gapMs: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly jitter: number,
    private readonly random: () => number,
    now: number,
  ) {
    this.tokens = burst;
    this.refilledAt = now;
    this.nextAt = now;
    this.gapMs = 1000 / ratePerSec;
  }

  /** Milliseconds until a probe may go; 0 means now. */
  waitMs(now: number): number {
    this.refill(now);
    const tokenWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.ratePerSec;
    return Math.max(tokenWait, this.nextAt - now, 0);
  }

  /** Spend one probe; call only when waitMs(now) is 0. */
  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
    const spread = 1 + this.jitter * (2 * this.random() - 1);
    this.nextAt = Math.max(this.nextAt, now - this.burst * this.gapMs) + this.gapMs * spread;
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.ratePerSec) / 1000);
    this.refilledAt = now;
  }
}
