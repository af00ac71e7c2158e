/**
 * Tells a surprising probe result on one path from its usual noise, so the scheduler can re-probe
 * at once: a loss after a reply (or as the first result), or an RTT farther from the path's
 * running level than four times its running deviation and than 10 % of the level. A path change
 * or a dead link is then confirmed by the re-probes within about a second, instead of waiting for
 * the path's next turn. Quiet paths are rarely surprised; under heavy jitter the deviation grows
 * and so does the bar. The policy's simulation (packages/policy/bench/sim/prober.ts) models this rule.
 */
export class SurpriseTracker {
  private level = 0;
  private deviation = 0;
  private seen = 0;
  private lastLost = false;

  /** Folds in one result (RTT in µs, null = lost; NaN = answered, RTT unknown); true when it surprised. */
  observe(rttUs: number | null): boolean {
    if (rttUs === null) {
      const surprising = !this.lastLost;
      this.lastLost = true;
      return surprising;
    }
    this.lastLost = false;
    if (Number.isNaN(rttUs)) return false;
    const off = Math.abs(rttUs - this.level);
    const surprising = this.seen >= 3 && off > Math.max(4 * this.deviation, 0.1 * this.level);
    if (this.seen === 0) this.level = rttUs;
    else {
      this.level += 0.25 * (rttUs - this.level);
      this.deviation += 0.25 * (off - this.deviation);
    }
    this.seen++;
    return surprising;
  }
}
