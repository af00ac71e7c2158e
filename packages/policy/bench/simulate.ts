/**
 * Steering simulation, no network: every (source, provider) has a true return-path RTT drawn from
 * a model (bench/model.ts); each probe cycle the "worker" reports a windowed median of jittered
 * probes (bench/probe-noise.ts); the policy evaluates all sources, its states fed back each round.
 * Halfway through, 2 % of sources see their best provider's path get 50 ms slower (a route change).
 *
 *   node --import tsx packages/policy/bench/simulate.ts [--sources 100000] [--providers 3,5,8]
 *     [--rounds 40] [--interval 60] [--jitter 0.2] [--window 9] [--ewma 0.3] [--mode latency]
 *     [--margin-ms 5] [--margin-percent 10] [--consecutive 2] [--seed 1]
 *
 * Prints figures only; nothing here is asserted (targets from issue 5: ≥ 99 % on the best
 * provider, p99 regret ≤ 2 ms, 100k decisions in ≤ 1 s).
 */
import { parseArgs } from "node:util";
import { evaluate, policyConfig, type Decision, type PolicyConfig, type PolicyMode } from "../src/index.js";
import { percentile, quality, type Quality } from "./metrics.js";
import { random, simProviders, simSources, trueRtts } from "./model.js";
import { measureRound } from "./probe-noise.js";

const { values: args } = parseArgs({
  options: {
    sources: { type: "string", default: "100000" }, providers: { type: "string", default: "3,5,8" },
    rounds: { type: "string", default: "40" }, interval: { type: "string", default: "60" },
    jitter: { type: "string", default: "0.2" }, window: { type: "string", default: "9" },
    ewma: { type: "string", default: "0.3" }, mode: { type: "string", default: "latency" },
    "margin-ms": { type: "string" }, "margin-percent": { type: "string" }, consecutive: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});

const SOURCES = Number(args.sources);
const ROUNDS = Number(args.rounds);
const INTERVAL_MS = Number(args.interval) * 1000;
const DRIFT_ROUND = Math.floor(ROUNDS / 2);
const DRIFT_SHARE = 0.02;
const DRIFT_MS = 50;

function simulate(providerCount: number, config: PolicyConfig): void {
  const rand = random(Number(args.seed) * 1000 + providerCount);
  const providers = simProviders(providerCount);
  const names = providers.map((p) => p.name);
  const truth = trueRtts(SOURCES, providerCount, rand);
  const sources = simSources(SOURCES, providers, rand);
  const smoothed = new Float64Array(SOURCES * providerCount);
  const times: number[] = [];
  const drifted: number[] = [];
  const slowed = new Int32Array(SOURCES);
  let steadySwitches = 0;
  let steady: Quality | undefined;
  let convergedAfter = -1;
  for (let round = 0; round < ROUNDS; round++) {
    const now = round * INTERVAL_MS;
    if (round === DRIFT_ROUND) drift(truth, providerCount, rand, drifted, slowed);
    measureRound(sources, names, truth, Number(args.jitter), Number(args.window), Number(args.ewma), smoothed, now, rand);
    const started = performance.now();
    const { decisions } = evaluate({ now, config, providers, sources });
    times.push(performance.now() - started);
    decisions.forEach((d, s) => {
      const source = sources[s]!;
      if (round > 0 && round < DRIFT_ROUND && d.provider !== source.previous?.provider) steadySwitches++;
      source.previous = d.state;
    });
    if (round === DRIFT_ROUND - 1) steady = quality(decisions, names, truth);
    if (round >= DRIFT_ROUND && convergedAfter < 0 && leftSlowedPath(decisions, names, truth, providerCount, drifted, slowed)) {
      convergedAfter = round - DRIFT_ROUND + 1;
    }
    if (round === ROUNDS - 1) report(providerCount, steady!, quality(decisions, names, truth), steadySwitches, times, convergedAfter);
  }
}

/** A route change: for a share of sources, the truly fastest path gets DRIFT_MS slower. */
function drift(truth: Float64Array, providers: number, rand: () => number, drifted: number[], slowed: Int32Array): void {
  for (let s = 0; s < SOURCES; s++) {
    if (rand() >= DRIFT_SHARE) continue;
    let best = 0;
    for (let p = 1; p < providers; p++) if (truth[s * providers + p]! < truth[s * providers + best]!) best = p;
    truth[s * providers + best] = truth[s * providers + best]! + DRIFT_MS;
    slowed[s] = best;
    drifted.push(s);
  }
}

/**
 * 99 % of the drifted sources whose slowed provider is now more than 20 ms behind their best have
 * left it (for far sources the slowed path can still be the best one: those may stay).
 */
function leftSlowedPath(
  decisions: readonly Decision[], names: readonly string[], truth: Float64Array, providers: number, drifted: number[], slowed: Int32Array,
): boolean {
  let should = 0;
  let left = 0;
  for (const s of drifted) {
    let best = Infinity;
    for (let p = 0; p < providers; p++) best = Math.min(best, truth[s * providers + p]!);
    if (truth[s * providers + slowed[s]!]! <= best + 20) continue;
    should++;
    if (decisions[s]!.provider !== names[slowed[s]!]) left++;
  }
  return left >= 0.99 * should;
}

function report(providers: number, steady: Quality, final: Quality, switches: number, times: number[], converged: number): void {
  const steadyHours = ((DRIFT_ROUND - 1) * INTERVAL_MS) / 3_600_000;
  const row = (q: Quality) => `${(100 * q.onBest).toFixed(2)} % on best (${(100 * q.withinOneMs).toFixed(2)} % within 1 ms), regret mean ${q.meanRegretMs.toFixed(3)} ms, p99 ${q.p99RegretMs.toFixed(3)} ms`;
  console.log(`\n${SOURCES} sources x ${providers} providers, ${ROUNDS} rounds every ${INTERVAL_MS / 1000} s, ±${Number(args.jitter) * 100} % jitter`);
  console.log(`  before drift (round ${DRIFT_ROUND}): ${row(steady)}`);
  console.log(`  end (round ${ROUNDS}):           ${row(final)}`);
  console.log(`  switches under jitter: ${(switches / steadyHours).toFixed(0)}/h over all sources = ${(switches / steadyHours / SOURCES).toFixed(5)} per source per hour`);
  console.log(`  route change (${DRIFT_SHARE * 100} % of sources, best path +${DRIFT_MS} ms): 99 % of those now > 20 ms behind moved off within ${converged < 0 ? "never" : `${converged} cycles`}`);
  console.log(`  evaluate(${SOURCES} sources): median ${percentile(times, 0.5).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (first ${times[0]!.toFixed(0)} ms)`);
}

const overrides: Partial<PolicyConfig> = { mode: args.mode as PolicyMode };
if (args["margin-ms"] !== undefined) overrides.marginMs = Number(args["margin-ms"]);
if (args["margin-percent"] !== undefined) overrides.marginPercent = Number(args["margin-percent"]);
if (args.consecutive !== undefined) overrides.consecutive = Number(args.consecutive);
const config = policyConfig(overrides);
console.log(`policy: ${JSON.stringify(config)}`);
for (const count of args.providers.split(",").map(Number)) simulate(count, config);
