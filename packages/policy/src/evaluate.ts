import { balance } from "./balance.js";
import { capacityRule, commitRule } from "./balance-rules.js";
import { classifySource, Summarizer } from "./classify-source.js";
import { isSettled } from "./confidence.js";
import { validateConfig } from "./config.js";
import { decideSource } from "./decide-source.js";
import type { PolicyResult } from "./decision-types.js";
import type { PolicyInput } from "./input-types.js";
import { normalQuantile } from "./normal.js";
import { buildDecisions, buildLoads } from "./output.js";
import { prefixDownByMembers } from "./prefix-evidence.js";
import { markDeadProviders } from "./provider-health.js";
import { compileProviders } from "./provider-table.js";
import { createWorkspace } from "./workspace.js";

/**
 * One evaluation over every source: per-source choice (mode, fallback level, evidence rule,
 * failover), then capacity and, in cost modes, commit balancing over the steered load, then
 * whether each source's choice is settled. Pure: same input, same output; time comes from `input.now`.
 */
export function evaluate(input: PolicyInput): PolicyResult {
  const { config, sources, now } = input;
  validateConfig(config);
  const table = compileProviders(input.providers, config);
  markDeadProviders(table, input);
  const prefixDown = prefixDownByMembers(input, table, config);
  const zConfident = normalQuantile(config.confidence);
  const summarizer = new Summarizer();
  const ws = createWorkspace(sources.length, table);
  const load = new Float64Array(table.count);
  for (let s = 0; s < sources.length; s++) {
    const source = sources[s]!;
    const key = source.aggregate?.key;
    const aggregate = key === undefined ? undefined : input.prefixMeasurements?.get(key);
    classifySource(ws, s, source, table, config, aggregate, key === undefined ? undefined : prefixDown.get(key), summarizer);
    decideSource(ws, s, source.previous, table, config, now, zConfident);
    ws.demandMbps[s] = Math.max(0, source.demandRate) * config.mbpsPerQueryRate;
    const chosen = ws.chosen[s]!;
    load[chosen] = load[chosen]! + ws.demandMbps[s]!;
  }
  balance(ws, table, load, capacityRule(table, config));
  if (config.mode !== "latency") balance(ws, table, load, commitRule(ws, table, config, load));
  for (let s = 0; s < sources.length; s++) ws.settled[s] = isSettled(ws, s, table, config, zConfident) ? 1 : 0;
  return { decisions: buildDecisions(ws, input, table), providerLoad: buildLoads(ws, table, load) };
}
