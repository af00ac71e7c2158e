import type { Provider, ProviderHealth } from "@dnsteer/api-contract";
import type { Config } from "@dnsteer/config";
import { measurement } from "@dnsteer/control";
import { applyProviderOverrides, type PathStat, type ProviderHealth as SenderState, type Store } from "@dnsteer/storage";

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
 * Health from what the worker stored: whether it can send from the provider at all, and the path
 * aggregates (a path is down when its last `downAfterLosses` probes were lost).
 */
export function healthOf(
  p: Provider,
  stats: readonly PathStat[],
  sender: SenderState | undefined,
  decisions: number,
  downAfterLosses: number,
): ProviderHealth {
  const measured = stats.map((s) => measurement(s, downAfterLosses));
  const down = measured.filter((m) => m.loss >= 1).length;
  const rtts = measured
    .map((m) => m.rttMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const cannotSend = sender !== undefined && !sender.healthy;
  const state = !p.enabled
    ? "disabled"
    : p.drained
      ? "drained"
      : cannotSend
        ? "down"
        : stats.length === 0
          ? "unmeasured"
          : down === stats.length
            ? "down"
            : "up";
  return {
    name: p.name,
    state,
    sending: sender ? { ok: sender.healthy, cause: sender.cause, detail: sender.detail, since: sender.since } : null,
    paths: stats.length,
    pathsDown: down,
    medianRttMs: rtts.length ? rtts[Math.floor(rtts.length / 2)]! : null,
    meanLoss: stats.length ? stats.reduce((sum, s) => sum + s.lossRatio, 0) / stats.length : null,
    lastMeasuredAt: stats.length ? stats.reduce((latest, s) => Math.max(latest, s.updatedAt), 0) : null,
    decisions,
  };
}
