/**
 * Probe outcomes counted per provider, and failures per provider and cause: what the worker's
 * periodic log line reports (and what metrics will read later). `take()` returns the counts since
 * the last call; `totals` keeps everything since start. Plain objects, no I/O.
 */
export interface ProviderCounts {
  /** Probes handed to a prober. */
  sent: number;
  answered: number;
  /** Sent, no answer (timeout, unreachable). */
  lost: number;
  /** Could not be sent (the prober refused or the send failed locally), by error code. */
  failed: number;
  failedBy: Record<string, number>;
}

export type CountsByProvider = Record<string, ProviderCounts>;

export class ProbeCounters {
  private period: CountsByProvider = {};
  readonly totals: CountsByProvider = {};

  sent(provider: string): void {
    this.bump(provider, "sent");
  }

  answered(provider: string): void {
    this.bump(provider, "answered");
  }

  lost(provider: string): void {
    this.bump(provider, "lost");
  }

  failed(provider: string, code: string): void {
    this.bump(provider, "failed");
    for (const c of [this.counts(this.period, provider), this.counts(this.totals, provider)])
      c.failedBy[code] = (c.failedBy[code] ?? 0) + 1;
  }

  /** The counts since the last take(), and a fresh period. */
  take(): CountsByProvider {
    const out = this.period;
    this.period = {};
    return out;
  }

  private bump(provider: string, key: "sent" | "answered" | "lost" | "failed"): void {
    this.counts(this.period, provider)[key]++;
    this.counts(this.totals, provider)[key]++;
  }

  private counts(into: CountsByProvider, provider: string): ProviderCounts {
    return (into[provider] ??= { sent: 0, answered: 0, lost: 0, failed: 0, failedBy: {} });
  }
}
