/**
 * Evaluation time alone, worst case for balancing: 100k sources × 8 providers where the cheapest
 * (and often fastest) provider can carry 2 % of the demand, so ~98k sources move each cost round.
 * Alternates cost and latency modes; collects garbage before each timed call when run with
 * --expose-gc, so the figure is the evaluation, not the previous round's garbage.
 *
 *   node --expose-gc --import tsx packages/policy/bench/evaluate-time.ts
 */

import { seededRandom } from "../../../fixtures/random.js";
import { evaluate, policyConfig } from "../src/index.js";
import { simProviders, simSources, trueRtts } from "./model.js";
import { measureRound } from "./probe-noise.js";

const SOURCES = 100_000;
const PROVIDERS = 8;
const rand = seededRandom(1);
const providers = simProviders(PROVIDERS).map((p, i) => (i === 0 ? { ...p, capacityMbps: 1000 } : p));
const names = providers.map((p) => p.name);
const sources = simSources(SOURCES, providers, rand);
const truth = trueRtts(SOURCES, PROVIDERS, rand);
const smoothed = new Float64Array(SOURCES * PROVIDERS);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) console.log("(run with --expose-gc for figures without earlier garbage)");
for (let round = 0; round < 10; round++) {
  measureRound(sources, names, truth, 0.2, 9, 0.3, smoothed, round * 60_000, rand);
  const mode = round % 2 === 0 ? "cost" : "latency";
  gc?.();
  const started = performance.now();
  const { decisions, providerLoad } = evaluate({ now: round * 60_000, config: policyConfig({ mode }), providers, sources });
  const ms = performance.now() - started;
  const moved = decisions.filter((d) => d.reason.cause === "capacity").length;
  console.log(
    `${mode.padEnd(8)} ${ms.toFixed(0).padStart(4)} ms  ${names[0]} ${providerLoad[0]!.mbps.toFixed(0)}/1000 Mbps, ${moved} moved for capacity`,
  );
  decisions.forEach((d, s) => {
    sources[s]!.previous = d.state;
  });
}
