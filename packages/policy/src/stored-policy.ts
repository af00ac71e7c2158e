import { type PolicyConfig, policyConfig } from "./config.js";

/**
 * The policy an evaluation uses: `base` (the config file's policy over the defaults), then
 * `stored` — the settings set through the admin API, kept as JSON, where `rttCeilingMs: null`
 * means "no ceiling" (JSON has no Infinity). Both the API (to show and validate) and the
 * controller (at every evaluation) call this, so a setting means the same in both.
 * Throws PolicyError when the result is invalid.
 */
export function effectivePolicy(base: Partial<PolicyConfig>, stored: Readonly<Record<string, unknown>> | null): PolicyConfig {
  if (!stored) return policyConfig(base);
  const { rttCeilingMs, ...rest } = stored;
  const overrides = rttCeilingMs === undefined ? rest : { ...rest, rttCeilingMs: rttCeilingMs ?? Infinity };
  return policyConfig({ ...base, ...(overrides as Partial<PolicyConfig>) });
}
