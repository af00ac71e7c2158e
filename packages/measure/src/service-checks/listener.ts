import type { CheckOutcome } from "./check-once.js";
import type { ServiceCheckListener, ServiceState } from "./service-checks.js";

type Log = (e: { event: string; level?: "warn" | "info"; [key: string]: unknown }) => void;

/**
 * The worker's listener: every check as a `service-check` event (detail level; the worker's
 * metrics count them), an address going down at warn and coming back at info, and a provider's
 * verdict handed to `onProvider` (set by the measurement loop once it exists).
 */
export class ServiceCheckLog implements ServiceCheckListener {
  onProvider: (state: ServiceState) => void = () => {};

  constructor(private readonly log: Log) {}

  checked(provider: string, address: string, outcome: CheckOutcome): void {
    this.log({ event: "service-check", provider, address, passed: outcome.passed, detail: outcome.detail });
  }

  addressChanged(provider: string, address: string, up: boolean, outcome: CheckOutcome): void {
    this.log({ event: up ? "service-up" : "service-down", level: up ? "info" : "warn", provider, address, detail: outcome.detail });
  }

  providerChanged(state: ServiceState): void {
    this.onProvider(state);
  }
}
