import type { Config } from "@dnsteer/config";
import { AddressPolicy, type Verdict } from "@dnsteer/measure";

/**
 * The worker's own gate (measure.scope: allow-list, exclusions, special ranges), applied to
 * every address the API would have it probe, so the API can never widen what is probed.
 * No measure section in the config means nothing may be probed.
 */
export class ProbeScope {
  private readonly policy: AddressPolicy | null;

  constructor(config: Config) {
    this.policy = config.measure ? new AddressPolicy(config.measure.scope) : null;
  }

  /** null when `address` may be probed; otherwise why not. */
  refusal(address: string): string | null {
    if (!this.policy) return "the config has no measure.scope: nothing may be probed";
    const verdict: Verdict = this.policy.verdict(address);
    if (verdict === "allowed") return null;
    const why: Record<Exclude<Verdict, "allowed">, string> = {
      "out-of-scope": "not inside measure.scope.allow",
      excluded: "inside measure.scope.exclude",
      special: "a special-purpose range that measure.scope.allow does not name",
    };
    return `${address} may not be probed: ${why[verdict]}`;
  }
}
