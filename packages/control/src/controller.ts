import { splitPrefixKey as splitKey } from "@dnsteer/net";
import { evaluate, type HysteresisState, type PolicyConfig, type PolicyResult } from "@dnsteer/policy";
import type { Decision, Store } from "@dnsteer/storage";
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
  const stored = store.listDecisions();
  const input = readPolicyInput(store, options.config, now, now - options.sourceMaxAgeMs, options.downAfterLosses, stored);
  const result = evaluate(input);
  const before = new Map(stored.map((d) => [`${d.prefix}/${d.prefixLength}`, d]));
  const refreshMs = options.reasonRefreshMs ?? 60_000;
  let changed = 0;
  const rows: Decision[] = [];
  for (const d of result.decisions) {
    const [prefix, length] = splitKey(d.source);
    const stored = before.get(d.source);
    before.delete(d.source);
    if (stored?.provider !== d.provider) changed++;
    else if (sameState(stored.reason.state, d.state) && now - stored.decidedAt < refreshMs) continue;
    // The policy builds reasons lazily (getters): read each field so the row holds them.
    const { mode, cause, from, providers } = d.reason;
    const reason = { level: d.level, levelPrefixLength: d.prefixLength, demandMbps: d.demandMbps, mode, cause, from, providers, state: d.state };
    rows.push({ prefix, prefixLength: length, provider: d.provider, reason, decidedAt: now });
  }
  if (rows.length) store.putDecisions(rows);
  for (const key of before.keys()) {
    const [prefix, length] = splitKey(key);
    store.deleteDecision(prefix, length);
  }
  return { sources: input.sources.length, changed, removed: before.size, result };
}

function sameState(a: unknown, b: HysteresisState): boolean {
  const s = a as Partial<HysteresisState> | undefined;
  return !!s && s.provider === b.provider && s.since === b.since && s.challenger === b.challenger && s.challengerCount === b.challengerCount;
}
