import type { Decision, HysteresisState } from "@dnsteer/model";
import { splitPrefixKey } from "@dnsteer/net";
import { evaluate, type PolicyConfig, type PolicyResult } from "@dnsteer/policy";
import type { Store } from "@dnsteer/storage";
import { readPolicyInput } from "./inputs.js";

export interface ControlOptions {
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
  removed: number;
  result: PolicyResult;
}

/**
 * One evaluation: read sources, measurements, providers and previous decisions from the store,
 * run the pure policy, write the decisions that changed (provider or hysteresis state; others
 * only to refresh their reason now and then) in one transaction, and drop decisions of sources
 * that aged out. The responder picks the result up
 * through the store's decision version.
 */
export function decideOnce(store: Store, options: ControlOptions, now: number): ControlOutcome {
  const stored = store.listDecisionStates();
  const input = readPolicyInput(store, options.config, now, now - options.sourceMaxAgeMs, options.downAfterLosses, stored);
  const result = evaluate(input);
  const before = new Map(stored.map((d) => [d.source, d]));
  const refreshMs = options.reasonRefreshMs ?? 60_000;
  let changed = 0;
  const rows: Decision[] = [];
  for (const d of result.decisions) {
    const previous = before.get(d.source);
    before.delete(d.source);
    if (previous?.provider !== d.provider) changed++;
    else if (sameState(previous.state, d.state) && now - previous.decidedAt < refreshMs) continue;
    rows.push(d);
  }
  if (rows.length) store.putDecisions(rows, now);
  for (const source of before.keys()) {
    const [prefix, length] = splitPrefixKey(source);
    store.deleteDecision(prefix, length);
  }
  return { sources: input.sources.length, changed, removed: before.size, result };
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
