/**
 * Steering accuracy on seeded topologies, end to end: the latency testbed built from each seed,
 * the real `dnsteer serve` and `dnsteer worker` with the documented default policy, and real DNS
 * queries from every resolver address. Usage (root):
 *
 *   node --conditions=source --import tsx bench/steering-accuracy/run.ts [--ci | --all | --seeds 1,2,3]
 *     [--time-scale 0.1] [--resolvers 48] [--json FILE] [--keep] [--rt 5 | --no-rt]
 *
 * --ci: seeds 1 and 2 (what CI runs); --all: seeds 1-5. See README.md for what is measured.
 */
import { writeFileSync } from "node:fs";
import { testbedSkipReason } from "../../fixtures/testbed/index.js";
import type { TopologyReport } from "./phases.js";
import { summaryTable, topologyText } from "./report.js";
import { runSeed } from "./seed.js";

interface Args {
  seeds: number[];
  timeScale: number;
  resolvers: number;
  json?: string;
  keep: boolean;
  rt?: number;
}

function parseArgs(argv: string[]): Args {
  // The probing thread at SCHED_FIFO 5 by default (probe.realtimePriority, a measurement setting):
  // on this shared box the policy should be judged on measurements as accurate as they can be
  // (the probe error is reported next to the figures); --no-rt measures without it.
  const a: Args = { seeds: [1, 2], timeScale: 0.1, resolvers: 48, keep: false, rt: 5 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === "--ci") a.seeds = [1, 2];
    else if (k === "--all") a.seeds = [1, 2, 3, 4, 5];
    else if (k === "--seeds") a.seeds = v().split(",").map(Number);
    else if (k === "--time-scale") a.timeScale = Number(v());
    else if (k === "--resolvers") a.resolvers = Number(v());
    else if (k === "--json") a.json = v();
    else if (k === "--keep") a.keep = true;
    else if (k === "--rt") a.rt = Number(v());
    else if (k === "--no-rt") a.rt = undefined;
    else throw new Error(`unknown argument ${k} (see the usage at the top of run.ts)`);
  }
  if (a.seeds.some((s) => !Number.isInteger(s))) throw new Error("--seeds: integers, comma-separated");
  if (!(a.timeScale > 0 && a.timeScale <= 1)) throw new Error("--time-scale: a number in (0, 1]");
  return a;
}

const args = parseArgs(process.argv.slice(2));
const skip = testbedSkipReason();
if (skip) {
  console.error(`steering-accuracy: cannot run: ${skip}`);
  process.exit(2);
}
const reports: TopologyReport[] = [];
// Stopped by a signal: take down what this run started (the testbed also stops every process
// left in its namespaces), then exit.
let stopCurrent: (() => Promise<void>) | undefined;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    console.error(`steering-accuracy: ${sig}, stopping`);
    void (stopCurrent?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
for (const seed of args.seeds) {
  const { report, dir, seconds } = await runSeed(seed, {
    timeScale: args.timeScale,
    resolvers: args.resolvers,
    keep: args.keep,
    rt: args.rt,
    onWorld: (stop) => {
      stopCurrent = stop;
    },
  });
  reports.push(report);
  console.log(topologyText(report));
  console.log(`(seed ${seed}: ${seconds} s; logs and database in ${dir}${args.keep ? "" : ", removed"})\n`);
}
console.log(summaryTable(reports));
if (args.json) writeFileSync(args.json, JSON.stringify(reports, null, 2));
