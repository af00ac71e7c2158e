import type { Decision, DecisionCause, HysteresisState } from "@dnsteer/model";
import { splitPrefixKey } from "@dnsteer/net";
import { effectivePolicy, evaluate, type PolicyConfig, PolicyError, type PolicyResult } from "@dnsteer/policy";
import type { LeaderFence, Store, StoreBackend, StoredPolicy } from "@dnsteer/storage";
import { readPolicyInput } from "./inputs.js";
import { type DecisionReads, snapshotReads, storeReads } from "./reads.js";

export interface ControlOptions {
  /**
   * The config file's policy. Each evaluation layers the policy stored through the admin API
   * (`store.admin.policy`) over it, so a `PUT /v1/policy` takes effect at the next evaluation.
   */
  config: PolicyConfig;
  /** Sources not seen for this long get no decision (and lose the one they had). */
  sourceMaxAgeMs: number;
  /** Consecutive lost probes that mark a path down at once (default 3). */
  downAfterLosses?: number;
  /**
   * An unchanged decision (same provider, same hysteresis state) is rewritten only this often,
   * to refresh its reason; default 60 s. Writing only changes keeps the store's decision version
   * — and so the responder's map rebuilds — still while nothing moves.
   */
  reasonRefreshMs?: number;
}

export interface ControlOutcome {
  sources: number;
  /** Decisions whose provider differs from the stored one (new sources included). */
  changed: number;
  /** `changed` by the cause each new decision gives ("first" for a new source, "failover", "switched", ...). */
  switches: Partial<Record<DecisionCause, number>>;
  removed: number;
  result: PolicyResult;
  /** The policy this evaluation ran with. */
  policy: PolicyConfig;
  /** Why the stored policy was ignored (the config's ran instead), when it did not validate. */
  storedPolicyError?: string;
}

/** What one evaluation decided: the rows to write, the sources whose decision goes, and the outcome. */
export interface DecisionPlan {
  rows: Decision[];
  /** Sources ("prefix/length") that aged out: their decisions are deleted. */
  removals: string[];
  outcome: ControlOutcome;
}

/**
 * One evaluation's pure part: read the policy set through the API (over `options.config`),
 * sources, measurements, providers and previous decisions through `reads`, run the pure policy,
 * and keep the decisions that changed (provider or hysteresis state; others only to refresh
 * their reason now and then); sources that aged out lose theirs. No I/O beyond `reads`.
 */
export function planDecisions(reads: DecisionReads, options: ControlOptions, now: number): DecisionPlan {
  const { policy, policySetAt, storedPolicyError } = currentPolicy(reads.storedPolicy(), options.config);
  const stored = reads.listDecisionStates();
  const input = readPolicyInput(reads, policy, now, now - options.sourceMaxAgeMs, options.downAfterLosses, stored);
  const result = evaluate(input);
  const before = new Map(stored.map((d) => [d.source, d]));
  const refreshMs = options.reasonRefreshMs ?? 60_000;
  let changed = 0;
  const switches: Partial<Record<DecisionCause, number>> = {};
  const rows: Decision[] = [];
  for (const d of result.decisions) {
    const previous = before.get(d.source);
    before.delete(d.source);
    if (previous?.provider !== d.provider) {
      changed++;
      switches[d.reason.cause] = (switches[d.reason.cause] ?? 0) + 1;
    }
    // A decision made before the policy was set through the API is rewritten: its reason names the old policy.
    else if (sameState(previous.state, d.state) && now - previous.decidedAt < refreshMs && previous.decidedAt >= policySetAt) continue;
    rows.push(d);
  }
  const removals = [...before.keys()];
  return {
    rows,
    removals,
    outcome: { sources: input.sources.length, changed, switches, removed: removals.length, result, policy, storedPolicyError },
  };
}

/**
 * One evaluation on the synchronous SQLite store: plan, then write the changed decisions in one
 * transaction and drop those of sources that aged out. The responder picks the result up
 * through the store's decision version.
 */
export function decideOnce(store: Store, options: ControlOptions, now: number): ControlOutcome {
  const { rows, removals, outcome } = planDecisions(storeReads(store), options, now);
  if (rows.length) store.putDecisions(rows, now);
  for (const source of removals) {
    const [prefix, length] = splitPrefixKey(source);
    store.deleteDecision(prefix, length);
  }
  return outcome;
}

/**
 * The same evaluation on any StoreBackend (PostgreSQL: several sites): its input read up front,
 * the pure plan, then the writes. `stillLeading` is asked between the plan and each write, so a
 * decider that lost its election meanwhile writes nothing more; a write already sent carries the
 * leader's `fence`, which the database refuses (FENCED) once a successor has been elected.
 */
export async function decideOnceOn(
  backend: StoreBackend,
  options: ControlOptions,
  now: number,
  stillLeading: () => boolean = () => true,
  fence?: LeaderFence,
): Promise<ControlOutcome & { written: boolean }> {
  const reads = await snapshotReads(backend, now - options.sourceMaxAgeMs);
  const { rows, removals, outcome } = planDecisions(reads, options, now);
  if (!stillLeading()) return { ...outcome, written: false };
  if (rows.length) await backend.writeDecisions(rows, now, fence);
  if (removals.length && stillLeading()) await backend.deleteDecisions(removals, fence);
  return { ...outcome, written: true };
}

/**
 * The config's policy with the API's stored settings over it. The API validates before it
 * stores; a row it did not validate (written by an older version, or by hand) must not stop
 * every evaluation: then the config's policy runs and the caller is told why, rather than no evaluation at all.
 */
function currentPolicy(
  row: StoredPolicy | undefined,
  config: PolicyConfig,
): { policy: PolicyConfig; policySetAt: number; storedPolicyError?: string } {
  if (!row) return { policy: config, policySetAt: 0 };
  try {
    return { policy: effectivePolicy(config, row.settings), policySetAt: row.updatedAt };
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    return { policy: config, policySetAt: 0, storedPolicyError: err.message };
  }
}

function sameState(a: HysteresisState, b: HysteresisState): boolean {
  return (
    a.provider === b.provider &&
    a.since === b.since &&
    a.challenger === b.challenger &&
    a.challengerCount === b.challengerCount &&
    a.basis === b.basis &&
    a.settled === b.settled
  );
}
