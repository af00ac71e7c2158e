import { evaluate, type PolicyConfig, type PolicyResult } from "@dnsteer/policy";
import type { Decision, Store } from "@dnsteer/storage";
import { readPolicyInput } from "./inputs.js";

export interface ControlOptions {
  config: PolicyConfig;
  /** Sources not seen for this long get no decision (and lose the one they had). */
  sourceMaxAgeMs: number;
  /** Consecutive lost probes that mark a path down at once (default 3). */
  downAfterLosses?: number;
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
 * run the pure policy, write every decision with its reason (and hysteresis state) in one
 * transaction, and drop decisions of sources that aged out. The responder picks the result up
 * through the store's decision version.
 */
export function decideOnce(store: Store, options: ControlOptions, now: number): ControlOutcome {
  const input = readPolicyInput(store, options.config, now, now - options.sourceMaxAgeMs, options.downAfterLosses);
  const result = evaluate(input);
  const before = new Map(store.listDecisions().map((d) => [`${d.prefix}/${d.prefixLength}`, d.provider]));
  let changed = 0;
  const rows: Decision[] = result.decisions.map((d) => {
    const [prefix, length] = splitKey(d.source);
    if (before.get(d.source) !== d.provider) changed++;
    before.delete(d.source);
    // The policy builds reasons lazily (getters): read each field so the row holds them.
    const { mode, cause, from, providers } = d.reason;
    const reason = { level: d.level, levelPrefixLength: d.prefixLength, demandMbps: d.demandMbps, mode, cause, from, providers, state: d.state };
    return { prefix, prefixLength: length, provider: d.provider, reason, decidedAt: now };
  });
  store.putDecisions(rows);
  for (const key of before.keys()) {
    const [prefix, length] = splitKey(key);
    store.deleteDecision(prefix, length);
  }
  return { sources: input.sources.length, changed, removed: before.size, result };
}

function splitKey(key: string): [string, number] {
  const slash = key.lastIndexOf("/");
  return [key.slice(0, slash), Number(key.slice(slash + 1))];
}
