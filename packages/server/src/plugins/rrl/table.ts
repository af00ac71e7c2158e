/** Candidate slots for a key: a few, so a full table evicts the least recently used of them. */
const PROBES = 4;

/**
 * Fixed-memory buckets of response rate limiting, in typed arrays (no object per source, no
 * allocation per response). A bucket holds a balance of responses, credited `rate` per second
 * up to `rate` (a burst of `rate` is allowed), charged one per response, and floored at
 * `-rate x window`: a source that went over stays limited until its debt is paid, at most
 * `window` seconds (BIND's model). A key is two 32-bit hashes: one places it, one recognises it.
 */
export class RateTable {
  private readonly fingerprints: Uint32Array;
  private readonly stamps: Float64Array;
  private readonly balances: Float64Array;
  private readonly limitedCounts: Uint32Array;

  constructor(readonly size: number) {
    this.fingerprints = new Uint32Array(size);
    this.stamps = new Float64Array(size);
    this.balances = new Float64Array(size);
    this.limitedCounts = new Uint32Array(size);
  }

  /**
   * Charge one response to the key (`place`, `fingerprint`) at `nowMs`. Returns 0 when it is
   * within the rate, else how many responses of this bucket have been limited so far (1, 2,
   * ...: the caller slips every n-th).
   */
  charge(place: number, fingerprint: number, nowMs: number, rate: number, windowSeconds: number): number {
    const fp = (fingerprint | 1) >>> 0; // never 0: an empty slot has 0
    const size = this.size;
    const start = (place >>> 0) % size;
    let victim = start;
    let oldest = Infinity;
    for (let p = 0; p < PROBES; p++) {
      const i = start + p < size ? start + p : start + p - size;
      const held = this.fingerprints[i];
      if (held === fp) return this.debit(i, nowMs, rate, windowSeconds);
      const stamp = held === 0 ? -Infinity : this.stamps[i]!; // an empty slot before any used one
      if (stamp < oldest) {
        oldest = stamp;
        victim = i;
      }
    }
    // A new bucket, in place of the least recently used candidate; this response is its first.
    this.fingerprints[victim] = fp;
    this.stamps[victim] = nowMs;
    this.balances[victim] = rate - 1;
    this.limitedCounts[victim] = 0;
    return rate >= 1 ? 0 : ++this.limitedCounts[victim]!;
  }

  private debit(i: number, nowMs: number, rate: number, windowSeconds: number): number {
    let balance = this.balances[i]! + ((nowMs - this.stamps[i]!) * rate) / 1000;
    if (balance > rate) balance = rate;
    balance -= 1;
    const floor = -rate * windowSeconds;
    if (balance < floor) balance = floor;
    this.balances[i] = balance;
    this.stamps[i] = nowMs;
    if (balance >= 0) {
      this.limitedCounts[i] = 0;
      return 0;
    }
    return ++this.limitedCounts[i]!;
  }
}
