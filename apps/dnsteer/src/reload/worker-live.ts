import type { Config } from "@dnsteer/config";
import { parseWorkerConfig, type WorkerConfig } from "@dnsteer/measure";
import { type PolicyConfig, policyConfig } from "@dnsteer/policy";
import { Store } from "@dnsteer/storage";

/** How often the worker looks at the store's provider list (providers changed through the API). */
export const PROVIDER_POLL_MS = 2000;

/** The controller's options from the config's policy section. */
export function policyOf(config: Config): {
  policy: PolicyConfig;
  evaluateIntervalMs: number;
  sourceMaxAgeMs: number;
  downAfterLosses: number;
} {
  const { evaluateIntervalMs, sourceMaxAgeMs, downAfterLosses, ...overrides } = config.policy;
  return { policy: policyConfig(overrides as Partial<PolicyConfig>), evaluateIntervalMs, sourceMaxAgeMs, downAfterLosses };
}

/** The measurement loop's settings from the config (throws MeasureError naming the key). */
export function measureOf(config: Config, database: string): WorkerConfig {
  return parseWorkerConfig({ database, providers: config.providers, ...config.measure });
}

/**
 * What the measurement loop takes from the providers table at its start: which providers
 * probe, from which sources. A change (a provider added, enabled or given another source
 * through the API, or synced from a reloaded config) restarts the loop.
 */
export function probingFingerprint(store: Store): string {
  return JSON.stringify(store.listProviders().map((p) => [p.name, p.enabled, p.sourceV4, p.sourceV6]));
}

/**
 * Calls `onChange` when the providers table's probing settings change, read every
 * PROVIDER_POLL_MS on a read-only connection. Returns the stopper.
 */
export function watchProbingProviders(database: string, onChange: () => void): () => void {
  const store = Store.open(database, { readonly: true });
  let seen = probingFingerprint(store);
  const timer = setInterval(() => {
    try {
      const now = probingFingerprint(store);
      if (now === seen) return;
      seen = now;
      onChange();
    } catch {
      // A busy or locked file: the next poll reads it.
    }
  }, PROVIDER_POLL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    store.close();
  };
}
