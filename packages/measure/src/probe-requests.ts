import { isLoss, type ProbeKind, type ProbeResult, type Prober, type ProbeSource } from "@dnsteer/probe";
import type { ProbeRequest, ProbeRequestResult, Store } from "@dnsteer/storage";
import type { AddressPolicy } from "./address-policy.js";
import { median } from "./aggregate.js";

/** Probes per provider for one request: enough for a median and a rough loss. */
export const REQUEST_PROBES = 3;
/** Requests carried out at once; more wait queued in the store (a burst of requests cannot flood the prober). */
export const MAX_REQUESTS_AT_ONCE = 4;

/** How the runner sends one probe: the loop's prober, counted in its probe statistics. */
export type SendProbe = (prober: Prober, address: string, provider: ProbeSource) => Promise<ProbeResult>;

/**
 * Carries out the API's probe requests (`POST /v1/measurements/requests`, `dnsteer measure`):
 * the address through each enabled provider (or the one named), REQUEST_PROBES probes each,
 * the outcome written back to the request's row. The API checked the scope before storing; the
 * worker checks again (its AddressPolicy is the gate for every probe it sends), so a row written
 * past the API, or a scope narrowed since, is refused here. Results are not samples: they do
 * not enter a path's window (the address need not be a source the flow analyzer saw).
 */
export class ProbeRequestRunner {
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly scope: AddressPolicy,
    private readonly probers: Map<ProbeKind, Prober>,
    private readonly kinds: readonly ProbeKind[],
    private readonly providers: Map<string, ProbeSource>,
    private readonly send: SendProbe,
    private readonly onError: (id: number, error: string) => void,
    private readonly now: () => number,
  ) {}

  /** Starts the oldest queued requests not already under way, up to MAX_REQUESTS_AT_ONCE. */
  poll(): void {
    const room = MAX_REQUESTS_AT_ONCE - this.running.size;
    if (room <= 0) return;
    for (const request of this.store.admin.probeRequests.queued(MAX_REQUESTS_AT_ONCE)) {
      if (this.running.size >= MAX_REQUESTS_AT_ONCE) break;
      if (this.running.has(request.id)) continue;
      const done = this.carryOut(request)
        .catch((err: unknown) => this.onError(request.id, err instanceof Error ? err.message : String(err)))
        .finally(() => this.running.delete(request.id));
      this.running.set(request.id, done);
    }
  }

  /** Waits for the requests under way (their probes are bounded by the probe timeout). */
  async settle(): Promise<void> {
    await Promise.all(this.running.values());
  }

  private async carryOut(request: ProbeRequest): Promise<void> {
    const refusal = this.refusal(request);
    if (refusal) {
      this.finish(request.id, "failed", null, refusal);
      return;
    }
    const family = request.address.includes(":") ? 6 : 4;
    const providers = [...this.providers.values()].filter((p) => request.provider === null || p.name === request.provider);
    const results = await Promise.all(providers.map((p) => this.probeThrough(request.address, family, p)));
    const anySent = results.some((r) => r.probes > 0 && r.error === null);
    this.finish(request.id, anySent ? "done" : "failed", results, anySent ? null : "no provider could send a probe to this address");
  }

  private refusal(request: ProbeRequest): string | null {
    const verdict = this.scope.verdict(request.address);
    if (verdict !== "allowed") return `${request.address} is ${verdict} for this worker's measure.scope: not probed`;
    if (request.provider !== null && !this.providers.has(request.provider))
      return `no enabled provider named ${JSON.stringify(request.provider)} in this worker`;
    return null;
  }

  private async probeThrough(address: string, family: 4 | 6, provider: ProbeSource): Promise<ProbeRequestResult> {
    // IPv6 is probed by TCP or DNS (no ICMPv6 prober), as the scheduler does; IPv4 by the first configured kind.
    const kind = family === 6 ? this.kinds.find((k) => k !== "icmp") : this.kinds[0];
    const base = { provider: provider.name, kind: kind ?? "tcp", probes: 0, rttMs: null, loss: 0 };
    if (!(family === 4 ? provider.sourceV4 : provider.sourceV6)) return { ...base, error: `no IPv${family} source address` };
    const prober = kind && this.probers.get(kind);
    if (!prober) return { ...base, error: `no ${family === 6 ? "TCP " : ""}prober for IPv${family}` };
    const rtts: number[] = [];
    let error: string | null = null;
    for (let i = 0; i < REQUEST_PROBES; i++) {
      try {
        const result = await this.send(prober, address, provider);
        if (!isLoss(result)) rtts.push(result.rttUs / 1000);
        else if (result.error) error = result.error;
      } catch (err) {
        error = (err as { code?: string }).code ?? String(err);
      }
    }
    return { ...base, probes: REQUEST_PROBES, rttMs: median(rtts), loss: (REQUEST_PROBES - rtts.length) / REQUEST_PROBES, error };
  }

  private finish(id: number, status: "done" | "failed", results: ProbeRequestResult[] | null, error: string | null): void {
    this.store.admin.probeRequests.finish(id, status, { results, error, now: Math.round(this.now()) });
  }
}
