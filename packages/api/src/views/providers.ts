import type { Provider, ProviderHealth } from "@dnsteer/api-contract";
import type { Config } from "@dnsteer/config";
import { applyProviderOverrides, type ProviderHealth as SenderState, type Store } from "@dnsteer/storage";
import type { ProviderPaths } from "./matrix.js";

/**
 * Providers in force: the config file's, with the settings changed through the API (the
 * store's provider_overrides) applied, plus those added through the API; drain state and
 * update time from the providers table.
 */
export function providerViews(store: Store, config: Config): Provider[] {
  const overrides = store.admin.providerOverrides.list();
  const byName = new Map(overrides.map((o) => [o.name, o]));
  const rows = new Map(store.listProviders().map((p) => [p.name, p]));
  const configured = new Set(config.providers.map((p) => p.name));
  return applyProviderOverrides(config.providers, overrides).map((p) => {
    const row = rows.get(p.name);
    const o = byName.get(p.name);
    return {
      ...p,
      drained: row?.drained ?? false,
      overridden: Object.keys(o?.settings ?? {}).sort(),
      origin: configured.has(p.name) ? "config" : "api",
      updatedAt: Math.max(row?.updatedAt ?? 0, o?.updatedAt ?? 0),
    };
  });
}

export function providerView(store: Store, config: Config, name: string): Provider | undefined {
  return providerViews(store, config).find((p) => p.name === name);
}

/**
 * Health from what the worker stored: whether it can send from the provider at all, and the sums
 * of its path aggregates the latency matrix's build made (`ProviderPaths`: a path is down when
 * its last `downAfterLosses` probes were lost or its loss ratio is 1).
 */
export function healthOf(
  p: Provider,
  paths: ProviderPaths | undefined,
  sender: SenderState | undefined,
  decisions: number,
): ProviderHealth {
  const count = paths?.paths ?? 0;
  const down = paths?.down ?? 0;
  const cannotSend = sender !== undefined && !sender.healthy;
  const state = !p.enabled
    ? "disabled"
    : p.drained
      ? "drained"
      : cannotSend
        ? "down"
        : count === 0
          ? "unmeasured"
          : down === count
            ? "down"
            : "up";
  return {
    name: p.name,
    state,
    sending: sender ? { ok: sender.healthy, cause: sender.cause, detail: sender.detail, since: sender.since } : null,
    paths: count,
    pathsDown: down,
    medianRttMs: count ? (paths?.medianRttMs ?? null) : null,
    meanLoss: count ? paths!.lossSum / count : null,
    lastMeasuredAt: count ? (paths?.lastMeasuredAt ?? null) : null,
    decisions,
  };
}
