import type { Clock } from "../deps.js";

interface Window {
  start: number;
  failures: number;
}

/**
 * Failed authentications per peer address in fixed windows: after `max` failures in
 * `windowMs`, that address gets 429 (even with a good key) until the window ends. At most
 * `maxTracked` addresses are remembered; the oldest window is forgotten first.
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly maxTracked = 10_000,
  ) {}

  /** Seconds until `ip` may try again; 0 when it may now. */
  retryAfter(ip: string): number {
    const w = this.current(ip);
    if (!w || w.failures < this.max) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.clock.now()) / 1000));
  }

  fail(ip: string): void {
    let w = this.current(ip);
    if (!w) {
      if (this.windows.size >= this.maxTracked) this.windows.delete(this.windows.keys().next().value!);
      w = { start: this.clock.now(), failures: 0 };
      this.windows.set(ip, w);
    }
    w.failures++;
  }

  private current(ip: string): Window | undefined {
    const w = this.windows.get(ip);
    if (w && this.clock.now() - w.start >= this.windowMs) {
      this.windows.delete(ip);
      return undefined;
    }
    return w;
  }
}
