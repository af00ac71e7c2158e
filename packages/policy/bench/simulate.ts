/**
 * Steering simulation, no network: the testbed's seeded topologies (fixtures/testbed/topology.ts)
 * replicated to `--sources`, probed by a model of the worker (bench/sim/prober.ts), decided by the
 * real policy every `--evaluate-s`, through the testbed's scenario (bench/sim/scenario.ts).
 * Prints figures, asserts nothing. See the policy README for what it assumes and what it found.
 *
 *   node --conditions=source --import tsx packages/policy/bench/simulate.ts [--sources 100000]
 *     [--seeds 1,2,3,4,5] [--interval-s 10] [--boost 3] [--surprise-probes 5] [--window 15]
 *     [--evaluate-s 5] [--timeout-ms 1000] [--tick-ms 100] [--policy '{"marginMs":2}'] [--seed 1] [--per-topology]
 */
import { parseArgs } from "node:util";
import { seededRandom } from "../../../fixtures/random.js";
import { type PolicyConfig, policyConfig } from "../src/index.js";
import { simProviders } from "./model.js";
import type { ProbeSettings } from "./sim/prober.js";
import { pct } from "./sim/quality.js";
import { runScenario, TIMELINE } from "./sim/scenario.js";
import { buildWorld } from "./sim/world.js";

const { values: args } = parseArgs({
  options: {
    sources: { type: "string", default: "100000" },
    seeds: { type: "string", default: "1,2,3,4,5" },
    "interval-s": { type: "string", default: "10" },
    boost: { type: "string", default: "3" },
    "surprise-probes": { type: "string", default: "5" },
    window: { type: "string", default: "15" },
    "evaluate-s": { type: "string", default: "5" },
    "timeout-ms": { type: "string", default: "1000" },
    "tick-ms": { type: "string", default: "100" },
    policy: { type: "string", default: "{}" },
    seed: { type: "string", default: "1" },
    "per-topology": { type: "boolean", default: false },
  },
});

const seeds = args.seeds.split(",").map(Number);
const world = buildWorld(seeds, Number(args.sources));
const probe: ProbeSettings = {
  intervalMs: Number(args["interval-s"]) * 1000,
  uncertainBoost: Number(args.boost),
  surpriseProbes: Number(args["surprise-probes"]),
  window: Number(args.window),
  fallbackAfterLosses: 3,
  timeoutMs: Number(args["timeout-ms"]),
  tickMs: Number(args["tick-ms"]),
};
const evaluateMs = Number(args["evaluate-s"]) * 1000;
const config: PolicyConfig = policyConfig(JSON.parse(args.policy) as Partial<PolicyConfig>);
// Cost modes: the first provider is cheap with a commit of 40 % of all demand (and dear above it).
const totalMbps = world.count * config.mbpsPerQueryRate;
const providers = simProviders(world.providers.length).map((p, i) => ({
  ...p,
  name: world.providers[i]!,
  ...(config.mode !== "latency" && i === 0 ? { cost: { pricePerMbps: 1, commitMbps: 0.4 * totalMbps, priceAboveCommit: 5 } } : {}),
}));

console.log(
  `${world.count} sources (${world.replicas} replicas of topologies ${seeds.join(",")}, ${world.resolvers} resolvers x IPv4+IPv6 each), ${providers.length} providers`,
);
console.log(
  `probe cycle ${probe.intervalMs / 1000} s = one probe per path of a settled source; unsettled x${probe.uncertainBoost}; ${probe.surpriseProbes} re-probes per surprise; window ${probe.window}; loss known after ${probe.timeoutMs} ms; evaluation every ${evaluateMs / 1000} s`,
);
console.log(`policy: ${JSON.stringify(config)}`);
const r = runScenario(world, config, providers, probe, evaluateMs, seededRandom(Number(args.seed)));

for (const { atS, value: a } of r.accuracy) {
  const label = atS === TIMELINE.end / 1000 ? `${atS} s (link back up 180 s ago)` : `${atS} s`;
  console.log(
    `accuracy at ${label}: exact (margin > 1.5 ms) ${pct(a.exact)}, within 1 ms ${pct(a.within1)}; mixed /24: ${pct(a.mixedExact)} / ${pct(a.mixedWithin1)}`,
  );
  if (args["per-topology"])
    console.log(`  per topology: ${a.perTopology.map((t, i) => `seed ${seeds[i]}: ${pct(t.exact)} / ${pct(t.within1)}`).join("; ")}`);
}
const moved = (m: typeof r.changes) =>
  `${pct(m.within2Cycles)} of ${m.count} within 2 cycles, slowest ${m.slowestCycles.toFixed(1)} cycles`;
console.log(`path changes >= 30 %: ${moved(r.changes)}`);
console.log(`slow degradation (ramp over 10 cycles; from the truth crossing over): ${moved(r.degrade)}`);
console.log(
  `±20 % jitter, 5 min: ${r.jitter.flipsOver3ms} flips among ${r.jitter.sourcesOver3ms} sources with margin > 3 ms; all sources ${r.jitter.flipsPerSourceHour.toFixed(3)} flips per source per hour`,
);
console.log(
  `link down: on the dead provider after 1 cycle ${pct(r.linkDown.after1Cycle)}, after 2 ${pct(r.linkDown.after2Cycles)}, none left after ${r.linkDown.clearAfterCycles} cycles`,
);
console.log(`link up, sources whose best it is (margin > 1.5 ms) back on it: ${moved(r.linkUp)}`);
if (r.commit)
  console.log(
    `${config.mode}: ${r.commit.provider} (commit ${r.commit.commitMbps.toFixed(0)} Mbps) at most ${(100 * r.commit.maxLoadRatio).toFixed(1)} % of its commit; over it in ${r.commit.evaluationsOver} of ${r.commit.evaluations} evaluations`,
  );
if (r.withinTolerance !== null)
  console.log(`latency-within-cost: ${pct(r.withinTolerance)} of sources within ${config.toleranceMs} ms of their true best at the end`);
console.log(
  `probes per source per minute ${r.probesPerSourceMinute.toFixed(1)}; evaluate: median ${r.evaluateMs.median.toFixed(0)} ms, max ${r.evaluateMs.max.toFixed(0)} ms`,
);
