/**
 * One checked address's up/down state with rise and fall counts (HAProxy, keepalived): `fall`
 * failures in a row take an up address down, `rise` successes in a row bring a down one back.
 * An address starts up, so a restarted worker does not pull a provider before checking it; a
 * service that is already dead is down after `fall` checks. Pure: results in, changes out.
 */
export class RiseFall {
  private upNow = true;
  private streak = 0;

  constructor(
    private readonly rise: number,
    private readonly fall: number,
  ) {}

  get up(): boolean {
    return this.upNow;
  }

  /** Records one check; returns true when it changed the state. */
  report(passed: boolean): boolean {
    if (passed === this.upNow) {
      this.streak = 0;
      return false;
    }
    this.streak += 1;
    if (this.streak < (this.upNow ? this.fall : this.rise)) return false;
    this.upNow = passed;
    this.streak = 0;
    return true;
  }
}
