/**
 * How stale the responder's map is: the time since it was last confirmed to be the database's
 * latest (a successful version check or load). 0 while confirmations keep coming; after a boot
 * from the cache file it counts from the file's `savedAt`. Reported in status and metrics.
 */
export class MapStaleness {
  private confirmed: number;

  constructor(confirmedAt: number) {
    this.confirmed = confirmedAt;
  }

  /** The map in use is the database's as of `at`. */
  confirm(at: number): void {
    if (at > this.confirmed) this.confirmed = at;
  }

  get confirmedAt(): number {
    return this.confirmed;
  }

  /** Milliseconds since the last confirmation (never negative). */
  ageMs(now: number): number {
    return Math.max(0, now - this.confirmed);
  }
}
