/**
 * Whether each provider can send probes at all. A probe that cannot leave because the provider's
 * source address or device is gone (SOURCE_NOT_LOCAL, EADDRNOTAVAIL, ENODEV, ENETUNREACH, ...) says
 * nothing about the path, everything about the provider: its link is down here, at the edge, for
 * every path at once. Pure: outcomes in, state changes out; the clock is the caller's.
 */

/** Error codes (ProbeError codes and errno names) meaning "this provider cannot send from here". */
export const PROVIDER_GONE_CODES: ReadonlySet<string> = new Set([
  "SOURCE_NOT_LOCAL",
  "EADDRNOTAVAIL",
  "BAD_DEVICE",
  "ENODEV",
  "ENXIO",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTUNREACH",
]);

export function isProviderGone(code: string | undefined): boolean {
  return code !== undefined && PROVIDER_GONE_CODES.has(code);
}

/** A provider's health as the worker reports it (and stores it for the policy). */
export interface ProviderHealthState {
  provider: string;
  healthy: boolean;
  /** The error code that made it unhealthy (null while healthy). */
  cause: string | null;
  /** The family whose probes failed, and a sentence for people. */
  family: 4 | 6 | null;
  detail: string | null;
  /** Since when it has been in this state (epoch ms). */
  since: number;
}

/**
 * Per provider and family, consecutive probes that could not be sent. One failed send could be a
 * remote ICMP error about one target (EHOSTUNREACH from a router); `threshold` failures in a row
 * across the provider's targets, with no probe of that family leaving in between, cannot: the
 * provider is unhealthy. The first probe of that family that leaves again (answered or not) makes
 * it healthy.
 */
export class ProviderHealth {
  private readonly states = new Map<string, ProviderHealthState>();
  private readonly streaks = new Map<string, number>();
  /** Per provider and family, when the last probe that failed was launched. */
  private readonly lastFailure = new Map<string, number>();

  constructor(
    providers: readonly string[],
    now: number,
    private readonly threshold = 3,
  ) {
    for (const p of providers) this.states.set(p, { provider: p, healthy: true, cause: null, family: null, detail: null, since: now });
  }

  /**
   * A probe of `family` launched at `launchedAt` left (a reply or a loss that was sent): returns
   * the new state if it changed. Results come back in any order: a probe launched before the
   * latest failure (still in flight when the source vanished) says nothing about now.
   */
  sent(provider: string, family: 4 | 6, launchedAt: number, now: number): ProviderHealthState | null {
    const key = `${provider}|${family}`;
    if (launchedAt < (this.lastFailure.get(key) ?? -Infinity)) return null;
    this.streaks.set(key, 0);
    const s = this.states.get(provider);
    if (!s || s.healthy || s.family !== family) return null;
    return this.set({ provider, healthy: true, cause: null, family: null, detail: null, since: now });
  }

  /** A probe launched at `launchedAt` could not leave for a provider-gone reason: returns the new state if it changed. */
  failed(provider: string, family: 4 | 6, code: string, detail: string, launchedAt: number, now: number): ProviderHealthState | null {
    const key = `${provider}|${family}`;
    this.lastFailure.set(key, Math.max(launchedAt, this.lastFailure.get(key) ?? -Infinity));
    const streak = (this.streaks.get(key) ?? 0) + 1;
    this.streaks.set(key, streak);
    const s = this.states.get(provider);
    if (!s?.healthy || streak < this.threshold) return null;
    return this.set({ provider, healthy: false, cause: code, family, detail, since: now });
  }

  get(provider: string): ProviderHealthState | undefined {
    return this.states.get(provider);
  }

  list(): ProviderHealthState[] {
    return [...this.states.values()];
  }

  private set(s: ProviderHealthState): ProviderHealthState {
    this.states.set(s.provider, s);
    return s;
  }
}
