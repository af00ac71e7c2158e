/** RFC 1982 serial number arithmetic on 32 bits, and the serial policies a zone may use. */

/** -1, 0 or 1: a before, equal to or after b; 0 also for the undefined case (exactly 2^31 apart). */
export function compareSerial(a: number, b: number): -1 | 0 | 1 {
  if (a === b) return 0;
  const d = (b - a) >>> 0;
  if (d === 0x80000000) return 0;
  return d < 0x80000000 ? -1 : 1;
}

/** How a zone's serial is kept when its data changes through the API. */
export type SerialPolicy = "keep" | "unixtime" | "increment";

/**
 * The serial to write when a zone's data changed: `keep` leaves the proposed one; `increment`
 * is the previous + 1; `unixtime` is now in seconds, or previous + 1 when that would not be
 * after the previous (two edits in one second, or a serial already ahead of the clock).
 */
export function nextSerial(policy: SerialPolicy, previous: number, proposed: number, nowSeconds: number): number {
  if (policy === "keep") return proposed;
  const bumped = (previous + 1) >>> 0;
  if (policy === "increment") return bumped;
  const now = nowSeconds >>> 0;
  return compareSerial(now, previous) > 0 ? now : bumped;
}
