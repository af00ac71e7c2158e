import { addressFamily } from "@dnsteer/net";
import { MeasureError } from "../errors.js";
import { type CheckOutcome, checkOnce } from "./check-once.js";
import type { ServiceCheckConfig } from "./config.js";
import { RiseFall } from "./rise-fall.js";

/** A provider as the service checks need it: where its service is, where checks leave from. */
export interface CheckedProvider {
  name: string;
  sourceV4?: string | null;
  sourceV6?: string | null;
  serviceA: readonly string[];
  serviceAAAA: readonly string[];
  serviceCheck?: ServiceCheckConfig | null;
}

/** A provider's service as the checks see it: down when every checked address is down. */
export interface ServiceState {
  provider: string;
  healthy: boolean;
  /** The last failing check of each down address, or null while healthy. */
  detail: string | null;
  family: 4 | 6 | null;
  since: number;
}

/** What the checks tell their owner: each check, each address changing, each provider changing. */
export interface ServiceCheckListener {
  checked(provider: string, address: string, outcome: CheckOutcome): void;
  addressChanged(provider: string, address: string, up: boolean, outcome: CheckOutcome): void;
  providerChanged(state: ServiceState): void;
}

interface Target {
  provider: string;
  address: string;
  family: 4 | 6;
  local: string;
  cfg: ServiceCheckConfig;
  state: RiseFall;
  last: CheckOutcome | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Runs every configured provider's service checks on timers (each address on its own, started
 * spread over the first interval so they do not leave together) and keeps the provider's verdict.
 * A provider whose every checked address is down is unhealthy: some answering address is enough
 * for a client that tries the others, and pulling a provider for one of several is worse than
 * answering it. Providers without `serviceCheck` are always healthy here.
 */
export class ServiceChecks {
  private readonly targets: Target[] = [];
  private readonly states = new Map<string, ServiceState>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    providers: readonly CheckedProvider[],
    private readonly listener: ServiceCheckListener,
    private readonly now: () => number = Date.now,
  ) {
    providers.forEach((p) => {
      const cfg = p.serviceCheck;
      if (!cfg) return;
      const addresses = cfg.addresses.length > 0 ? cfg.addresses : [...p.serviceA, ...p.serviceAAAA];
      if (addresses.length === 0)
        throw new MeasureError(
          "BAD_CONFIG",
          `providers "${p.name}".serviceCheck: no addresses to check (no serviceA/serviceAAAA, no serviceCheck.addresses)`,
        );
      for (const address of addresses) {
        const family = addressFamily(address);
        if (family === 0) throw new MeasureError("BAD_CONFIG", `providers "${p.name}".serviceCheck: "${address}" is not an address`);
        const local = family === 4 ? p.sourceV4 : p.sourceV6;
        if (!local)
          throw new MeasureError(
            "BAD_CONFIG",
            `providers "${p.name}".serviceCheck: ${address} needs a source${family === 4 ? "V4" : "V6"} to leave from`,
          );
        this.targets.push({
          provider: p.name,
          address,
          family,
          local,
          cfg,
          state: new RiseFall(cfg.rise, cfg.fall),
          last: null,
          timer: null,
        });
      }
      this.states.set(p.name, { provider: p.name, healthy: true, detail: null, family: null, since: now() });
    });
  }

  /** Providers that have checks, with their current verdict. */
  list(): ServiceState[] {
    return [...this.states.values()];
  }

  get(provider: string): ServiceState | undefined {
    return this.states.get(provider);
  }

  start(): void {
    this.targets.forEach((t, i) => this.schedule(t, (t.cfg.intervalMs * i) / Math.max(1, this.targets.length)));
  }

  /** Stops the timers; resolves when the checks under way have finished (each within its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.targets) if (t.timer) clearTimeout(t.timer);
    await Promise.all([...this.inFlight]);
  }

  private schedule(t: Target, delayMs: number): void {
    if (this.stopped) return;
    t.timer = setTimeout(() => this.run(t), delayMs);
  }

  private run(t: Target): void {
    const started = this.now();
    const p = checkOnce(t.cfg, t.address, t.local).then((outcome) => {
      this.inFlight.delete(p);
      if (this.stopped) return;
      this.record(t, outcome);
      this.schedule(t, Math.max(0, started + t.cfg.intervalMs - this.now()));
    });
    this.inFlight.add(p);
  }

  private record(t: Target, outcome: CheckOutcome): void {
    t.last = outcome;
    this.listener.checked(t.provider, t.address, outcome);
    if (!t.state.report(outcome.passed)) return;
    this.listener.addressChanged(t.provider, t.address, t.state.up, outcome);
    const mine = this.targets.filter((x) => x.provider === t.provider);
    const healthy = mine.some((x) => x.state.up);
    const before = this.states.get(t.provider)!;
    if (healthy === before.healthy) return;
    const next: ServiceState = healthy
      ? { provider: t.provider, healthy, detail: null, family: null, since: this.now() }
      : {
          provider: t.provider,
          healthy,
          detail: mine.map((x) => x.last?.detail ?? `${x.address}: not checked`).join("; "),
          family: mine.every((x) => x.family === t.family) ? t.family : null,
          since: this.now(),
        };
    this.states.set(t.provider, next);
    this.listener.providerChanged(next);
  }
}
