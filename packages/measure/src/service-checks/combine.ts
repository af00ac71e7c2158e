import type { ProviderHealthState } from "../provider-health.js";
import type { ServiceState } from "./service-checks.js";

/** The `cause` stored in provider_health when the provider's own service fails its checks. */
export const SERVICE_CHECK_CAUSE = "service-check";

/**
 * The one provider_health row the controller reads per provider: down when the worker cannot
 * send from it (that cause first: it also explains failing checks) or when its service fails its
 * checks. Either way the controller marks the provider down for every source (ProviderSpec.down).
 */
export function combinedHealth(sender: ProviderHealthState, service: ServiceState | undefined): ProviderHealthState {
  if (!sender.healthy || service === undefined || service.healthy) return sender;
  return {
    provider: sender.provider,
    healthy: false,
    cause: SERVICE_CHECK_CAUSE,
    family: service.family,
    detail: service.detail,
    since: service.since,
  };
}
