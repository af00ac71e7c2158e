/**
 * One log line per distinct failure per window. The first occurrence of a key is said at once;
 * later ones inside `windowMs` are only counted; when the window has passed, `due()` hands back
 * each key that was held back with its count, to be said as "N more suppressed" (so a failure
 * that stops is still accounted for), and the key's next occurrence is said at once again.
 * Memory is bounded by `maxKeys`: past it, new keys share one overflow key.
 * Pure: the clock is passed in (`now`), nothing is written here.
 */
export interface LogLimiterOptions {
  windowMs?: number;
  maxKeys?: number;
  now?: () => number;
}

export interface Suppressed<T> {
  key: string;
  /** Occurrences held back in the window that ended. */
  count: number;
  /** What the last held-back occurrence carried (its fields), to say with the count. */
  last: T;
  windowMs: number;
}

interface Entry<T> {
  openedAt: number;
  count: number;
  last: T | undefined;
}

export const OVERFLOW_KEY = "(other failures)";

export class LogLimiter<T = unknown> {
  readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry<T>>();

  constructor(options: LogLimiterOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** True: say this occurrence now. False: it was counted, `due()` will report it. `now`: a caller's own clock. */
  admit(key: string, fields: T, now = this.now()): boolean {
    if (!this.entries.has(key) && this.entries.size >= this.maxKeys) key = OVERFLOW_KEY;
    const e = this.entries.get(key);
    if (!e || (now - e.openedAt >= this.windowMs && e.count === 0)) {
      this.entries.set(key, { openedAt: now, count: 0, last: undefined });
      return true;
    }
    e.count++;
    e.last = fields;
    return false;
  }

  /** Keys whose window has ended with occurrences held back; each is reset (its next one is said). */
  due(now = this.now()): Suppressed<T>[] {
    const out: Suppressed<T>[] = [];
    for (const [key, e] of this.entries) {
      if (now - e.openedAt < this.windowMs) continue;
      if (e.count > 0) out.push({ key, count: e.count, last: e.last as T, windowMs: this.windowMs });
      this.entries.delete(key);
    }
    return out;
  }
}
