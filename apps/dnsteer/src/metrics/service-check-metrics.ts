import { Counter, Gauge, type Registry } from "prom-client";

/**
 * The worker's service-check metrics (packages/measure service-checks), fed from its events:
 * every check by provider, address and result; each address's state (1 up, 0 down); and how
 * often addresses changed state. The provider's verdict is `dnsteer_provider_service_up`.
 */
export class ServiceCheckMetrics {
  private readonly checks: Counter<"provider" | "address" | "result">;
  private readonly addressUp: Gauge<"provider" | "address">;
  private readonly changes: Counter<"provider" | "address" | "to">;
  private readonly providerUp: Gauge<"provider">;
  private readonly seen = new Set<string>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.checks = new Counter({
      name: "dnsteer_service_checks_total",
      help: "Service checks by provider, address and result (pass, fail)",
      labelNames: ["provider", "address", "result"],
      registers,
    });
    this.addressUp = new Gauge({
      name: "dnsteer_service_address_up",
      help: "Whether a provider's checked service address is up (1) or down (0) after rise/fall",
      labelNames: ["provider", "address"],
      registers,
    });
    this.changes = new Counter({
      name: "dnsteer_service_state_changes_total",
      help: "Service addresses going down or up",
      labelNames: ["provider", "address", "to"],
      registers,
    });
    this.providerUp = new Gauge({
      name: "dnsteer_provider_service_up",
      help: "Whether a provider's service passes its checks (0: not answered to anyone)",
      labelNames: ["provider"],
      registers,
    });
  }

  /** Takes the worker's events; returns whether the event was one of the service checks'. */
  onEvent(e: { event: string; [key: string]: unknown }): boolean {
    const provider = String(e.provider ?? "");
    const address = String(e.address ?? "");
    if (e.event === "service-check") {
      this.checks.inc({ provider, address, result: e.passed === true ? "pass" : "fail" });
      // Addresses start up (as the checks do): the gauges appear with the first check.
      if (!this.seen.has(`${provider} ${address}`)) {
        this.seen.add(`${provider} ${address}`);
        this.addressUp.set({ provider, address }, 1);
        if (!this.seen.has(provider)) this.providerUp.set({ provider }, 1);
        this.seen.add(provider);
      }
      return true;
    }
    if (e.event === "service-down" || e.event === "service-up") {
      const up = e.event === "service-up";
      this.addressUp.set({ provider, address }, up ? 1 : 0);
      this.changes.inc({ provider, address, to: up ? "up" : "down" });
      return false; // also logged (warn / info)
    }
    if ((e.event === "provider-unhealthy" || e.event === "provider-healthy") && e.cause === "service-check")
      this.providerUp.set({ provider }, e.event === "provider-healthy" ? 1 : 0);
    return false;
  }
}
