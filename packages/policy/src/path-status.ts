/**
 * Per (source, provider) status codes kept in a Uint8Array row. The order matters: everything
 * below STATUS_UNKNOWN is never chosen while any other provider is possible.
 */
export const STATUS_DISABLED = 1;
export const STATUS_DRAINED = 2;
export const STATUS_DOWN = 3;
export const STATUS_PATH_DOWN = 4;
export const STATUS_UNKNOWN = 5;
export const STATUS_LOSSY = 6;
export const STATUS_TOO_SLOW = 7;
export const STATUS_GOOD = 8;

/** The provider may carry the source's traffic at all (not disabled, drained or down). */
export function isCandidate(status: number): boolean {
  return status >= STATUS_UNKNOWN;
}

/**
 * Preference tier among candidates: measured and usable (0) beat measured but lossy or slow (1),
 * which beat unknown (2): an untrusted RTT never wins over a trusted one.
 */
export function tierOf(status: number): number {
  if (status === STATUS_GOOD) return 0;
  if (status === STATUS_UNKNOWN) return 2;
  return 1;
}
