import type { PolicyBody, PolicySettings, PolicyView } from "@dnsteer/api-contract";
import type { Config } from "@dnsteer/config";
import { effectivePolicy as mergePolicy, type PolicyConfig, PolicyError } from "@dnsteer/policy";
import type { Store } from "@dnsteer/storage";

/** The config file's policy group minus the keys the worker's loop reads itself (not PolicyConfig). */
export function configPolicy(config: Config): Partial<PolicyConfig> {
  const { evaluateIntervalMs: _i, sourceMaxAgeMs: _a, downAfterLosses: _d, ...rest } = config.policy;
  return rest as Partial<PolicyConfig>;
}

export function toSettings(p: PolicyConfig): PolicySettings {
  return { ...p, rttCeilingMs: Number.isFinite(p.rttCeilingMs) ? p.rttCeilingMs : null, defaultProviders: [...p.defaultProviders] };
}

/**
 * The policy the next evaluation uses: the policy package's defaults, the config file's policy,
 * then `stored` (settings set through the API) — the same merge the controller makes at every
 * evaluation (@dnsteer/policy's effectivePolicy). Throws PolicyError when the result is invalid.
 */
export function effectivePolicy(config: Config, stored: PolicyBody | null): PolicyConfig {
  return mergePolicy(configPolicy(config), stored);
}

export function policyView(store: Store, config: Config): PolicyView {
  const row = store.admin.policy.get();
  const stored = (row?.settings ?? null) as PolicyBody | null;
  return { effective: toSettings(effectivePolicy(config, stored)), stored, updatedAt: row?.updatedAt ?? null };
}

/** Problems with `body` beyond its shape: the policy package's own checks, default providers that do not exist. */
export function policyProblems(body: PolicyBody, config: Config, providerNames: ReadonlySet<string>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  body.defaultProviders?.forEach((name, i) => {
    if (!providerNames.has(name))
      problems.push({ field: `body.defaultProviders.${i}`, message: `no provider named ${JSON.stringify(name)}` });
  });
  try {
    effectivePolicy(config, body);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    problems.push({ field: "body", message: err.message });
  }
  return problems;
}
